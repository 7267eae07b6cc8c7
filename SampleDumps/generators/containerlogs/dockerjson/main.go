// Command dockerjson writes a container's output the way Docker's json-file
// log driver stores it (<container-id>-json.log), and reads such a file back.
//
// Docker cannot run on the capture machine (no daemon), so this program
// re-implements, from the moby sources, the two steps between a container's
// stderr pipe and the file:
//
//  1. The log copier (daemon/logger/copier.go) cuts the stream at '\n' and
//     drops the '\n'. A line that fills its 16 KiB buffer without a newline is
//     emitted as a partial message of exactly 16384 bytes; the following
//     pieces of that line are further partials, the piece that ends with the
//     newline is the "last" partial. All pieces of one line share the
//     timestamp of the first piece. Data left at EOF without a final newline
//     is a partial message too.
//  2. The json-file driver (daemon/logger/jsonfilelog) appends '\n' to every
//     message that is not a partial (or is the last partial) and writes
//     {"log":...,"stream":...,"time":...} plus '\n'. "attrs" appears only with
//     --log-opt labels/env/tag, so it is left out. The "log" string is NOT
//     written with encoding/json but with moby's own escaper
//     (jsonlog/jsonlogbytes.go): \\ and \" escaped, '\n' -> \n, '\r' -> \r,
//     every other byte below 0x20 -> \u00XX (so a TAB is \u0009, where
//     encoding/json would write \t), '<' '>' '&' -> \u003c \u003e \u0026,
//     U+2028/U+2029 -> \u2028/\u2029, each invalid UTF-8 byte -> \ufffd, all
//     other UTF-8 kept as is. "time" is time.RFC3339Nano in UTC, which drops
//     trailing zeros of the fraction (variable width).
//
// Timestamps are synthetic: -start plus -step for every new line.
//
// Usage:
//
//	dockerjson [-stream stderr] [-start 2026-11-29T10:00:00.123456789Z] [-step 3511ns] <in >out
//	dockerjson -decode <in-json.log >out
//
// -decode reads with encoding/json into the struct Docker's readers use
// (Log string `json:"log"`, Stream string `json:"stream"`, Time time.Time
// `json:"time"`) and writes the concatenated "log" fields, which restores the
// original bytes (for valid UTF-8 input).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
	"unicode/utf8"
)

// bufSize is the copier's default buffer (defaultBufSize in copier.go).
const bufSize = 16 * 1024

type message struct {
	line    []byte
	partial bool // a partial message that is not the last one: no '\n' appended
	ts      time.Time
}

// split cuts the stream into the messages the copier would log.
func split(data []byte, start time.Time, step time.Duration) []message {
	var msgs []message
	now := start
	next := func() time.Time { t := now; now = now.Add(step); return t }
	for len(data) > 0 {
		var line []byte
		nl := bytes.IndexByte(data, '\n')
		eof := nl < 0
		if eof {
			line, data = data, nil
		} else {
			line, data = data[:nl], data[nl+1:]
		}
		ts := next()
		for len(line) >= bufSize {
			msgs = append(msgs, message{line: line[:bufSize], partial: true, ts: ts})
			line = line[bufSize:]
		}
		if eof {
			if len(line) > 0 {
				msgs = append(msgs, message{line: line, partial: true, ts: ts})
			}
			break
		}
		msgs = append(msgs, message{line: line, ts: ts})
	}
	return msgs
}

// writeString escapes s the way moby's jsonlog package does.
func writeString(buf *bytes.Buffer, s []byte) {
	const hex = "0123456789abcdef"
	buf.WriteByte('"')
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			switch {
			case b == '\\' || b == '"':
				buf.WriteByte('\\')
				buf.WriteByte(b)
			case b == '\n':
				buf.WriteString(`\n`)
			case b == '\r':
				buf.WriteString(`\r`)
			case b < 0x20 || b == '<' || b == '>' || b == '&':
				buf.WriteString(`\u00`)
				buf.WriteByte(hex[b>>4])
				buf.WriteByte(hex[b&0xF])
			default:
				buf.WriteByte(b)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			buf.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			buf.WriteString(`\u202`)
			buf.WriteByte(hex[r&0xF])
		default:
			buf.Write(s[i : i+size])
		}
		i += size
	}
	buf.WriteByte('"')
}

func encode(in io.Reader, out io.Writer, stream string, start time.Time, step time.Duration) error {
	data, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	var buf bytes.Buffer
	for _, m := range split(data, start, step) {
		buf.Reset()
		log := m.line
		if !m.partial {
			log = append(append([]byte(nil), m.line...), '\n')
		}
		buf.WriteByte('{')
		if len(log) > 0 {
			buf.WriteString(`"log":`)
			writeString(&buf, log)
			buf.WriteByte(',')
		}
		buf.WriteString(`"stream":`)
		writeString(&buf, []byte(stream))
		buf.WriteString(`,"time":"`)
		buf.WriteString(m.ts.UTC().Format(time.RFC3339Nano))
		buf.WriteString("\"}\n")
		w.Write(buf.Bytes())
	}
	return w.Flush()
}

// jsonLog is the struct Docker's json-file reader (and the kubelet) decode into.
type jsonLog struct {
	Log    string    `json:"log,omitempty"`
	Stream string    `json:"stream,omitempty"`
	Time   time.Time `json:"time"`
}

func decode(in io.Reader, out io.Writer) error {
	dec := json.NewDecoder(in)
	w := bufio.NewWriter(out)
	for {
		var l jsonLog
		if err := dec.Decode(&l); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		w.WriteString(l.Log)
	}
	return w.Flush()
}

func main() {
	stream := flag.String("stream", "stderr", "stream name: stdout or stderr")
	startS := flag.String("start", "2026-11-29T10:00:00.123456789Z", "timestamp of the first line (RFC 3339)")
	step := flag.Duration("step", 3511*time.Nanosecond, "time between two lines")
	dec := flag.Bool("decode", false, "decode a json-file log back to text")
	flag.Parse()
	var err error
	if *dec {
		err = decode(os.Stdin, os.Stdout)
	} else {
		var start time.Time
		start, err = time.Parse(time.RFC3339Nano, *startS)
		if err == nil {
			err = encode(os.Stdin, os.Stdout, *stream, start, *step)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dockerjson:", err)
		os.Exit(1)
	}
}
