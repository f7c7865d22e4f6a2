package notify

import (
	"fmt"
	"strings"
)

// Render renders msg for the given channel and recipient.
func Render(channel, to, msg string) (string, error) {
	switch channel {
	case "email":
		if !strings.Contains(to, "@") {
			return "", fmt.Errorf("email: bad address %q", to)
		}
		return fmt.Sprintf("To: %s\nSubject: Notification\n\n%s\n", to, msg), nil
	case "sms":
		if !strings.HasPrefix(to, "+") {
			return "", fmt.Errorf("sms: number must start with +: %q", to)
		}
		if len(msg) > 160 {
			msg = msg[:157] + "..."
		}
		return fmt.Sprintf("SMS %s: %s", to, msg), nil
	case "slack":
		if !strings.HasPrefix(to, "#") && !strings.HasPrefix(to, "@") {
			return "", fmt.Errorf("slack: bad target %q", to)
		}
		return fmt.Sprintf(`{"channel":%q,"text":%q}`, to, msg), nil
	default:
		return "", fmt.Errorf("unknown channel %q", channel)
	}
}
