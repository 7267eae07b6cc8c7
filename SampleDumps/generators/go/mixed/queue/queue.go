// Package queue is a tiny generic blocking queue, so that dumps contain a
// method of a generic type (shown as queue.(*Queue[...]).Pop).
package queue

type Queue[T any] struct {
	items chan T
}

func New[T any](size int) *Queue[T] {
	return &Queue[T]{items: make(chan T, size)}
}

func (q *Queue[T]) Push(v T) { q.items <- v }

// Pop blocks until an item is available.
func (q *Queue[T]) Pop() T {
	return <-q.items
}
