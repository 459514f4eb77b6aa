#pragma once

namespace Duplex {

// Every connection is a file descriptor: raises the soft RLIMIT_NOFILE to the hard limit (10,000 idle clients need
// more than the usual 1,024). Returns the limit now in force.
long raiseFileDescriptorLimit();

} // namespace Duplex
