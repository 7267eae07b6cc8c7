// logrusfmt re-emits a text file as logrus-style log lines, the way a
// service that logs a goroutine dump through logrus' TextFormatter
// (non-terminal output) would write it:
//
//	-mode lines : one log entry per input line
//	-mode single: the whole file as the message of one log entry
//
// Values are quoted exactly like logrus does: with fmt's %q (Go string
// escaping: \t, \", \n, \x1b ...) when they contain anything outside
// [A-Za-z0-9-._/@^+], otherwise written bare (an empty line gives `msg=`).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
)

func needsQuoting(text string) bool {
	for _, ch := range text {
		if !((ch >= 'a' && ch <= 'z') ||
			(ch >= 'A' && ch <= 'Z') ||
			(ch >= '0' && ch <= '9') ||
			ch == '-' || ch == '.' || ch == '_' || ch == '/' || ch == '@' || ch == '^' || ch == '+') {
			return true
		}
	}
	return false
}

func value(s string) string {
	if needsQuoting(s) {
		return fmt.Sprintf("%q", s)
	}
	return s
}

func entry(w io.Writer, ts, msg string) {
	fmt.Fprintf(w, "time=%s level=info msg=%s\n", value(ts), value(msg))
}

func main() {
	mode := flag.String("mode", "lines", "lines or single")
	ts := flag.String("time", "2022-11-21T02:02:51Z", "timestamp for every entry")
	flag.Parse()

	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		log.Fatal(err)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	text := string(data)
	switch *mode {
	case "single":
		// logrus' TextFormatter drops one trailing newline of the message.
		entry(out, *ts, strings.TrimSuffix(text, "\n"))
	case "lines":
		for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
			entry(out, *ts, line)
		}
	default:
		log.Fatalf("unknown mode %q", *mode)
	}
}
