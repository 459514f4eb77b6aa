#include "iobatch.h"

#include <QtGlobal>

#include <algorithm>
#include <cerrno>
#include <liburing.h>
#include <sys/socket.h>

namespace Duplex {

namespace {

constexpr unsigned RingEntries = 256; // requests per system call; a larger pass takes several
// The thread's buffer for a pass's reads, shared out in slices: many connections get 16 KiB each, a few up to 256 KiB
// (the size of one read() before: a large message still comes in a few reads).
constexpr std::size_t ReadBufferBytes = 1 << 20;
constexpr std::size_t MinSlice = 16 * 1024;
constexpr std::size_t MaxSlice = 256 * 1024;

} // namespace

IoBatch *IoBatch::forThread()
{
    thread_local const std::unique_ptr<IoBatch> batch = []() -> std::unique_ptr<IoBatch> {
        if (qEnvironmentVariableIsSet("DUPLEX_IO_URING") && qEnvironmentVariableIntValue("DUPLEX_IO_URING") == 0)
            return nullptr;
        std::unique_ptr<IoBatch> made(new IoBatch);
        return made->start() ? std::move(made) : nullptr;
    }();
    return batch.get();
}

bool IoBatch::start()
{
    m_ring = std::make_unique<io_uring>();
    io_uring_params params {};
    // SUBMIT_ALL (Linux 5.18): one request that fails (a descriptor closed meanwhile) does not hold back the rest.
    // Without it, requests could stay queued in the ring for a later submission: then the batch is not used.
    // COOP_TASKRUN (5.19): nothing completes later (MSG_DONTWAIT), so the kernel need not interrupt the thread.
    params.flags = IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN;
    if (io_uring_queue_init_params(RingEntries, m_ring.get(), &params) < 0) {
        m_ring.reset();
        return false;
    }
    m_added.reserve(RingEntries);
    m_context = std::make_unique<QObject>();
    return true;
}

void IoBatch::submitAndCollect(unsigned prepared, std::vector<int> &results)
{
    // Requests carry the submission's number beside their index: an answer left from an earlier one (which cannot
    // happen unless the kernel misbehaves) is dropped, never given to whoever has that index now.
    const std::uint32_t submission = m_submission++;
    if (prepared == 0)
        return;
    if (m_broken)
        return; // nothing goes to the kernel any more: every request stays -ECANCELED and is done the usual way
    io_uring *ring = m_ring.get();
    int submitted;
    do {
        submitted = io_uring_submit(ring);
    } while (submitted == -EINTR);
    if (submitted < 0 || unsigned(submitted) < prepared) {
        // Requests left in the ring would go out with a later submission: use none from now on.
        m_broken = true;
        if (submitted < 0)
            return; // none went: every one of them stays -ECANCELED
    }
    // MSG_DONTWAIT: each request is done once submitted (a socket with no data or no room answers -EAGAIN instead of
    // waiting), so the answers are there; waiting is for a kernel that queued one anyway.
    for (int answered = 0; answered < submitted;) {
        io_uring_cqe *cqe = nullptr;
        const int waited = io_uring_wait_cqe(ring, &cqe);
        if (waited == -EINTR)
            continue;
        if (waited < 0) {
            m_broken = true; // answers may still come: they would be taken for a later submission's
            break;
        }
        const std::uint64_t data = io_uring_cqe_get_data64(cqe);
        const std::size_t index = std::size_t(data & 0xffffffffu);
        if (std::uint32_t(data >> 32) == submission) {
            if (index < results.size())
                results[index] = cqe->res;
            ++answered;
        }
        io_uring_cqe_seen(ring, cqe);
    }
}

std::uint64_t IoBatch::tag(std::size_t index) const
{
    return std::uint64_t(m_submission) << 32 | std::uint64_t(index);
}

bool IoBatch::addRead(Reader *reader)
{
    if (m_broken)
        return false;
    m_readers.push_back(reader);
    if (!std::exchange(m_readsPosted, true))
        QMetaObject::invokeMethod(
            m_context.get(), [this] { submitReads(); }, Qt::QueuedConnection);
    return true;
}

void IoBatch::forgetReader(Reader *reader)
{
    std::replace(m_readers.begin(), m_readers.end(), reader, static_cast<Reader *>(nullptr));
    std::replace(m_reading.begin(), m_reading.end(), reader, static_cast<Reader *>(nullptr));
}

void IoBatch::submitReads()
{
    m_readsPosted = false;
    if (m_readsRunning)
        return; // a nested event loop in a reader's handling: those added meanwhile are read when this pass ends
    m_readsRunning = true;
    m_reading.swap(m_readers); // both keep their capacity from pass to pass
    if (!m_readBuffer)
        m_readBuffer.reset(new char[ReadBufferBytes]);
    // Many readers share the buffer in slices of at least 16 KiB; one that asks for more (its last read filled its
    // slice: large messages) gets up to 256 KiB, so that a 64 KiB frame arrives whole and is handled where it landed.
    const std::size_t slice
        = std::clamp(ReadBufferBytes / std::max<std::size_t>(m_reading.size(), 1), MinSlice, MaxSlice);
    io_uring *ring = m_ring.get();
    std::size_t from = 0; // the chunk being prepared: m_reading[from, i)
    std::size_t used = 0; // of the buffer, by this chunk
    unsigned prepared = 0;
    m_readInto.assign(m_reading.size(), nullptr);
    m_readResults.assign(m_reading.size(), -ECANCELED);
    m_readOwn.assign(m_reading.size(), 0);
    for (std::size_t i = 0; i < m_reading.size();) {
        Reader *reader = m_reading[i];
        int fd = -1;
        char *data = nullptr;
        std::size_t size = 0;
        if (!reader || !reader->pendingRead(fd, data, size)) {
            m_reading[i++] = nullptr;
            continue;
        }
        const std::size_t want = data ? 0 : std::clamp(size, slice, MaxSlice);
        if (prepared == RingEntries || used + want > ReadBufferBytes) {
            // This one waits for the next chunk: the slices are used again, so everything read so far is handled
            // first (which may close this reader too: it is asked again).
            readChunk(from, i, prepared);
            from = i;
            used = 0;
            prepared = 0;
            continue;
        }
        m_readOwn[i] = data != nullptr;
        if (!data) {
            data = m_readBuffer.get() + used;
            size = want;
            used += want;
        }
        io_uring_sqe *sqe = io_uring_get_sqe(ring);
        if (!sqe) { // cannot happen: the ring had room; it reads itself (-ECANCELED)
            ++i;
            continue;
        }
        io_uring_prep_recv(sqe, fd, data, size, MSG_DONTWAIT);
        io_uring_sqe_set_data64(sqe, tag(i));
        m_readInto[i++] = data;
        ++prepared;
    }
    readChunk(from, m_reading.size(), prepared);
    m_reading.clear();
    m_readsRunning = false;
    if (!m_readers.empty() && !std::exchange(m_readsPosted, true))
        QMetaObject::invokeMethod(
            m_context.get(), [this] { submitReads(); }, Qt::QueuedConnection);
}

// Submits the `prepared` reads of m_reading[from, to), then hands each reader its bytes.
void IoBatch::readChunk(std::size_t from, std::size_t to, unsigned prepared)
{
    submitAndCollect(prepared, m_readResults);
    // Handling one connection's bytes may close another (its slot is then null).
    for (std::size_t i = from; i < to; ++i) {
        if (Reader *reader = std::exchange(m_reading[i], nullptr))
            reader->readDone(m_readResults[i], m_readInto[i], m_readOwn[i] != 0);
    }
}

IoBatch::~IoBatch()
{
    if (m_ring)
        io_uring_queue_exit(m_ring.get());
}

bool IoBatch::add(Writer *writer)
{
    if (m_submitting || m_broken)
        return false;
    m_added.push_back(writer);
    return true;
}

void IoBatch::forget(Writer *writer)
{
    std::replace(m_added.begin(), m_added.end(), writer, static_cast<Writer *>(nullptr));
    std::replace(m_submitted.begin(), m_submitted.end(), writer, static_cast<Writer *>(nullptr));
}

void IoBatch::submit()
{
    if (m_added.empty() || m_submitting)
        return;
    m_submitting = true;
    m_submitted.swap(m_added); // both keep their capacity from pass to pass
    m_results.assign(m_submitted.size(), -ECANCELED);
    io_uring *ring = m_ring.get();
    // In chunks of the ring's size. Between preparing a request and submitting it nothing else runs, so every
    // descriptor is still the writer's.
    for (std::size_t from = 0; from < m_submitted.size(); from += RingEntries) {
        const std::size_t to = std::min(m_submitted.size(), from + RingEntries);
        unsigned prepared = 0;
        for (std::size_t i = from; i < to; ++i) {
            int fd = -1;
            const char *data = nullptr;
            std::size_t size = 0;
            if (!m_submitted[i] || !m_submitted[i]->pendingWrite(fd, data, size)) {
                m_submitted[i] = nullptr; // nothing to tell it
                continue;
            }
            io_uring_sqe *sqe = io_uring_get_sqe(ring);
            if (!sqe)
                break; // cannot happen: the ring was empty; the rest stay -ECANCELED and write themselves
            io_uring_prep_send(sqe, fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
            io_uring_sqe_set_data64(sqe, tag(i));
            ++prepared;
        }
        submitAndCollect(prepared, m_results);
    }
    // Told after everything is written; acting on it may close another connection (its slot is then null) or write
    // to one directly, which must know first what the batch wrote for it.
    for (std::size_t i = 0; i < m_submitted.size(); ++i) {
        if (m_submitted[i])
            m_submitted[i]->written(m_results[i]);
    }
    for (std::size_t i = 0; i < m_submitted.size(); ++i) {
        if (Writer *writer = std::exchange(m_submitted[i], nullptr))
            writer->afterWrite(m_results[i]);
    }
    m_submitted.clear();
    m_submitting = false;
}

} // namespace Duplex
