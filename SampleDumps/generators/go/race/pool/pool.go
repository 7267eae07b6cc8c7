// Package pool makes thumbnails with a pool of workers that append their
// results to one shared slice without a lock.
package pool

import (
	"strings"
	"sync"
)

type Image struct{ Name string }

type Thumb struct{ Name string }

func shrink(img Image) Thumb {
	return Thumb{Name: strings.TrimSuffix(img.Name, ".png") + "-small.png"}
}

// Thumbnails shrinks all images using the given number of workers.
func Thumbnails(images []Image, workers int) []Thumb {
	jobs := make(chan Image)
	var thumbs []Thumb
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for img := range jobs {
				thumbs = append(thumbs, shrink(img)) // BUG: shared slice, no mutex
			}
		}()
	}
	for _, img := range images {
		jobs <- img
	}
	close(jobs)
	wg.Wait()
	return thumbs
}
