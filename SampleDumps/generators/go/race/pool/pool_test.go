package pool

import (
	"fmt"
	"testing"
)

const (
	batches  = 10
	perBatch = 6
	workers  = 3
)

func TestThumbnails(t *testing.T) {
	lost := 0
	for b := 0; b < batches; b++ {
		var images []Image
		for i := 0; i < perBatch; i++ {
			images = append(images, Image{Name: fmt.Sprintf("b%d-%d.png", b, i)})
		}
		lost += perBatch - len(Thumbnails(images, workers))
	}
	t.Logf("lost %d thumbnails", lost)
}
