#pragma once

namespace Duplex {

// Every connection is a file descriptor: raises the soft RLIMIT_NOFILE to the hard limit (10,000 idle clients need
// more than the usual 1,024). Returns the limit now in force.
long raiseFileDescriptorLimit();

// glibc's malloc gives memory back to the system as soon as 128 KiB are free at the top of a heap, and maps every
// allocation of 128 KiB or more on its own. A network thread that allocates events and frames which another thread
// (the history writer) frees then faults its memory back in, page by page, a few times a second: that was most of
// the default configuration's p99 latency over raw mode's. Keeps up to 64 MiB free per heap and serves buffers of up
// to 4 MiB (large messages) from the heaps. Call once, before threads start.
void tuneMemoryAllocator();

} // namespace Duplex
