// Package race has a counter with a data race.
package race

type Counter struct{ n int }

func (c *Counter) Inc() { c.n++ }
