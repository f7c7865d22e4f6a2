package notify

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

type pager struct{}

func (pager) Name() string { return "pager-hidden" }
func (pager) Render(to, msg string) (string, error) {
	return "PAGE " + to + " " + strings.ToUpper(msg), nil
}

func TestHiddenBuiltinsRegistered(t *testing.T) {
	for name, want := range map[string]Notifier{"email": EmailNotifier{}, "sms": SMSNotifier{}, "slack": SlackNotifier{}} {
		n, ok := Lookup(name)
		if !ok || !reflect.DeepEqual(n, want) || n.Name() != name {
			t.Fatalf("%s: %v %v", name, n, ok)
		}
	}
	if _, ok := Lookup("fax"); ok {
		t.Fatal("fax found")
	}
}

func TestHiddenPlugin(t *testing.T) {
	if err := Register(pager{}); err != nil {
		t.Fatal(err)
	}
	if err := Register(pager{}); err == nil {
		t.Fatal("duplicate accepted")
	}
	if err := Register(EmailNotifier{}); err == nil {
		t.Fatal("duplicate email accepted")
	}
	got, err := Render("pager-hidden", "ops", "down")
	if err != nil || got != "PAGE ops DOWN" {
		t.Fatalf("%q %v", got, err)
	}
	ch := Channels()
	if !reflect.DeepEqual(ch, []string{"email", "pager-hidden", "slack", "sms"}) {
		t.Fatalf("channels %v", ch)
	}
}

func TestHiddenDirect(t *testing.T) {
	got, err := SMSNotifier{}.Render("+1", strings.Repeat("b", 161))
	if err != nil || got != "SMS +1: "+strings.Repeat("b", 157)+"..." {
		t.Fatalf("%q %v", got, err)
	}
	got, _ = SMSNotifier{}.Render("+1", strings.Repeat("c", 160))
	if got != "SMS +1: "+strings.Repeat("c", 160) {
		t.Fatalf("160 chars truncated: %q", got)
	}
	if _, err := (SlackNotifier{}).Render("@kim", "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := (EmailNotifier{}).Render("kim", "x"); err == nil {
		t.Fatal("bad email accepted")
	}
}

func TestHiddenFilesSplit(t *testing.T) {
	src, err := os.ReadFile("notify.go")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(src), "case \"email\"") || strings.Contains(string(src), "Subject:") {
		t.Fatal("notify.go still contains the channel switch")
	}
}
