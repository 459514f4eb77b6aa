#pragma once

namespace Duplex {

// Every connection is a file descriptor: raises the soft RLIMIT_NOFILE to the hard limit (10,000 idle clients need
// more than the usual 1,024). Returns the limit now in force.
long raiseFileDescriptorLimit();

// glibc's malloc gives memory back to the system as soon as 128 KiB are free at the top of a heap, and maps large
// allocations on their own. A network thread that allocates events (a batch's list is megabytes at 100,000 messages
// a second) which another thread (the history writer) frees then faults that memory back in, page by page, several
// times a second: that was most of the default configuration's p99 latency over raw mode's (README "Performance").
// Keeps up to 8 MiB free at the top of each heap and serves allocations of up to 4 MiB from the heaps. It costs idle
// connections about 0.6 KB each (transient lists land in the heaps). Call once, before threads start.
void tuneMemoryAllocator();

} // namespace Duplex
