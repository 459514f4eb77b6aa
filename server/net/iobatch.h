#pragma once

#include <QObject>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

struct io_uring;

namespace Duplex {

// The reads and the writes of one pass of a network thread, each handed to the kernel in one system call (io_uring)
// instead of one read() or send() each: on a virtual machine a system call's entry and exit cost as much as a quarter
// of what serving a small message does (README "Performance"). Each read and write is tried once, without waiting
// (MSG_DONTWAIT): a socket that takes less is left to its owner, which waits for it as before. Reads: a connection
// whose socket poll() found readable is added; the reads of all added are submitted together once the event loop is
// done with that poll()'s notifications (a posted call), into slices of one buffer of the thread (or into space the
// reader offers).
//
// One per thread, made on first use; unavailable (forThread() is null) where the kernel has no io_uring or a
// sandbox forbids it, and when DUPLEX_IO_URING=0 is set: then every read and write is its own system call.
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

    // Who has something to read.
    class Reader
    {
    public:
        virtual ~Reader() = default;
        // The descriptor, and where to read: `data` null for a slice of the batch's buffer, of at least `size` bytes
        // if it has that much (0: what it gives everyone); false: not now.
        virtual bool pendingRead(int &fd, char *&data, std::size_t &size) = 0;
        // What recv() returned: bytes read into `data`, 0 at end of stream, or -errno; -ECANCELED: not tried (read
        // yourself).
        virtual void readDone(int result, char *data, bool ownSpace) = 0;
    };

    static IoBatch *forThread();
    ~IoBatch();
    Q_DISABLE_COPY_MOVE(IoBatch)

    // False while the batch is being submitted: write directly then.
    bool add(Writer *writer);
    // A writer that goes away before its result is told.
    void forget(Writer *writer);
    // False if the read cannot wait for the batch: read directly then.
    bool addRead(Reader *reader);
    void forgetReader(Reader *reader);
    // Writes everything added, then tells each writer its result (which may add again, for the next batch).
    void submit();

private:
    IoBatch() = default;
    bool start();
    void submitReads();
    void readChunk(std::size_t from, std::size_t to, unsigned prepared);
    void submitAndCollect(unsigned prepared, std::vector<int> &results);
    std::uint64_t tag(std::size_t index) const; // a request's user_data: this submission's number and its index

    std::unique_ptr<io_uring> m_ring;
    std::vector<Writer *> m_added;
    std::vector<Writer *> m_submitted; // by index: the requests' user_data
    std::vector<int> m_results;
    std::vector<Reader *> m_readers;
    std::vector<Reader *> m_reading;
    std::vector<char *> m_readInto;
    std::vector<char> m_readOwn; // the reader's own space, not a slice
    std::vector<int> m_readResults;
    std::unique_ptr<char[]> m_readBuffer;
    std::unique_ptr<QObject> m_context; // the thread's: receives the posted call that submits the reads
    bool m_readsPosted = false;
    bool m_readsRunning = false;
    bool m_submitting = false;
    bool m_broken = false;
    std::uint32_t m_submission = 0;
};

} // namespace Duplex
