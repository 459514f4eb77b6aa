#pragma once

#include <QtGlobal>

#include <cstddef>
#include <memory>
#include <vector>

struct io_uring;

namespace Duplex {

// The writes of one pass of a network thread, handed to the kernel in one system call (io_uring) instead of one
// send() each: on a virtual machine a system call's entry and exit cost as much as a quarter of what serving a small
// message does (README "Performance"). Each write is tried once, without waiting (MSG_DONTWAIT): a socket that takes
// less is left to its owner, which waits for it as before.
//
// One per thread, made on first use; unavailable (forThread() is null) where the kernel has no io_uring or a
// sandbox forbids it, and when DUPLEX_IO_URING=0 is set: then every write is its own send().
class IoBatch
{
public:
    // Who has something to write: asked for it when the batch is submitted, told the result after.
    class Writer
    {
    public:
        virtual ~Writer() = default;
        // The descriptor and the bytes to write now; false: nothing (any more).
        virtual bool pendingWrite(int &fd, const char *&data, std::size_t &size) = 0;
        // What send() would have returned: bytes written, or -errno; -ECANCELED: not tried (write it yourself).
        // First every writer is told what went out (bookkeeping only: nothing else may run), then each may act on it
        // (which may close other connections or write to them).
        virtual void written(int result) = 0;
        virtual void afterWrite(int result) = 0;
    };

    static IoBatch *forThread();
    ~IoBatch();
    Q_DISABLE_COPY_MOVE(IoBatch)

    // False while the batch is being submitted: write directly then.
    bool add(Writer *writer);
    // A writer that goes away before its result is told.
    void forget(Writer *writer);
    // Writes everything added, then tells each writer its result (which may add again, for the next batch).
    void submit();

private:
    IoBatch() = default;
    bool start();

    std::unique_ptr<io_uring> m_ring;
    std::vector<Writer *> m_added;
    std::vector<Writer *> m_submitted; // by index: the requests' user_data
    std::vector<int> m_results;
    bool m_submitting = false;
    bool m_broken = false;
};

} // namespace Duplex
