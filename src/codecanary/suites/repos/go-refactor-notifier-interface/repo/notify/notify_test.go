package notify

import (
	"strings"
	"testing"
)

func TestExistingRender(t *testing.T) {
	cases := []struct{ ch, to, msg, want string }{
		{"email", "a@b.c", "hi", "To: a@b.c\nSubject: Notification\n\nhi\n"},
		{"sms", "+4712345678", "hi", "SMS +4712345678: hi"},
		{"slack", "#ops", `disk "full"`, `{"channel":"#ops","text":"disk \"full\""}`},
	}
	for _, c := range cases {
		got, err := Render(c.ch, c.to, c.msg)
		if err != nil || got != c.want {
			t.Fatalf("%s: got %q, %v", c.ch, got, err)
		}
	}
}

func TestExistingErrors(t *testing.T) {
	for _, c := range [][2]string{{"email", "nobody"}, {"sms", "12345"}, {"slack", "ops"}, {"fax", "1"}} {
		if _, err := Render(c[0], c[1], "x"); err == nil {
			t.Fatalf("%v: no error", c)
		}
	}
	_, err := Render("fax", "1", "x")
	if !strings.Contains(err.Error(), `unknown channel "fax"`) {
		t.Fatal(err)
	}
	long := strings.Repeat("a", 200)
	got, _ := Render("sms", "+1", long)
	if len(got) != len("SMS +1: ")+160 {
		t.Fatalf("len %d", len(got))
	}
}
