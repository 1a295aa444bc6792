package blob

import (
	"runtime"
	"testing"
)

const tenMiB = 10 << 20

// TestPutStreamsWithoutBuffering is SPEC §2.2's "streamed": storing a
// 10 MiB upload must not cost 10 MiB of heap. It measures bytes allocated
// during the Put (TotalAlloc, which no GC timing can hide) — a memory
// bound, not a time threshold.
func TestPutStreamsWithoutBuffering(t *testing.T) {
	l := newStore(t)
	src := newStream(pngMagic, tenMiB)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	obj, err := l.Put(t.Context(), src, tenMiB)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if obj.Size != tenMiB {
		t.Fatalf("stored %d bytes, want %d", obj.Size, tenMiB)
	}
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("10 MiB Put allocated %d bytes (%.1f KiB); heap in use grew by %d bytes",
		allocated, float64(allocated)/1024, int64(after.HeapAlloc)-int64(before.HeapAlloc))
	if allocated >= 1<<20 {
		t.Errorf("a 10 MiB Put allocated %d bytes; want < 1 MiB (the body must be streamed, not buffered)", allocated)
	}
}

// BenchmarkPut10MiB stores a 10 MiB PNG stream (fsync included) and deletes
// it. Run: go test -run '^$' -bench Put10MiB -benchmem ./internal/blob/
func BenchmarkPut10MiB(b *testing.B) {
	l := newStore(b)
	b.SetBytes(tenMiB)
	b.ReportAllocs()
	for b.Loop() {
		obj, err := l.Put(b.Context(), newStream(pngMagic, tenMiB), tenMiB)
		if err != nil {
			b.Fatal(err)
		}
		if err := l.Delete(b.Context(), obj.Key); err != nil {
			b.Fatal(err)
		}
	}
}
