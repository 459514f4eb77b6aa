#include "resourcelimits.h"

#include <malloc.h>
#include <sys/resource.h>

namespace Duplex {

long raiseFileDescriptorLimit()
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
            ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    return long(limit.rlim_cur);
}

void tuneMemoryAllocator()
{
    ::mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
    ::mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
}

} // namespace Duplex
