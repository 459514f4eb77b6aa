// IoBatch (server/net/iobatch.*): a network thread's reads and writes in one io_uring submission each. On real
// socket pairs: every writer's bytes arrive and each is told what went out; a full socket answers -EAGAIN instead of
// blocking the thread; a writer or reader that goes away meanwhile is not called; reads land in the batch's slices or
// in the reader's own space. tst_threads, the conformance suite and e2e run the server over it; the conformance suite
// once more with DUPLEX_IO_URING=0 (the fallback: one system call each).

#include "iobatch.h"

#include <QTest>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <functional>
#include <liburing.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Duplex;

namespace {

struct SocketPair
{
    SocketPair()
    {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0) {
            ours = fds[0];
            peer = fds[1];
        }
    }
    ~SocketPair()
    {
        if (ours >= 0)
            ::close(ours);
        if (peer >= 0)
            ::close(peer);
    }
    Q_DISABLE_COPY_MOVE(SocketPair)

    QByteArray readPeer() const
    {
        QByteArray all;
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::recv(peer, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n <= 0)
                return all;
            all.append(buffer, n);
        }
    }

    int ours = -1;
    int peer = -1;
};

class TestWriter final : public IoBatch::Writer
{
public:
    TestWriter(int fd, QByteArray data) : m_fd(fd), m_data(std::move(data)) { }

    bool pendingWrite(int &fd, const char *&data, std::size_t &size) override
    {
        ++asked;
        if (m_data.isEmpty())
            return false;
        fd = m_fd;
        data = m_data.constData();
        size = std::size_t(m_data.size());
        return true;
    }
    void written(int result) override { writtenResults.append(result); }
    void afterWrite(int result) override
    {
        afterResults.append(result);
        if (onAfterWrite)
            onAfterWrite();
    }

    int asked = 0;
    QList<int> writtenResults;
    QList<int> afterResults;
    std::function<void()> onAfterWrite;

private:
    int m_fd;
    QByteArray m_data;
};

class TestReader final : public IoBatch::Reader
{
public:
    explicit TestReader(int fd, qsizetype ownSpace = 0) : m_fd(fd), m_own(ownSpace, '\0') { }

    bool pendingRead(int &fd, char *&data, std::size_t &size) override
    {
        fd = m_fd;
        data = m_own.isEmpty() ? nullptr : m_own.data();
        size = m_own.isEmpty() ? wanted : std::size_t(m_own.size());
        return true;
    }
    void readDone(int result, char *data, bool ownSpace) override
    {
        results.append(result);
        usedOwnSpace = ownSpace;
        intoOwnSpace = !m_own.isEmpty() && data == m_own.data();
        if (result > 0)
            bytes.append(data, result);
        if (onReadDone)
            onReadDone();
    }

    std::size_t wanted = 0; // of the batch's buffer
    QList<int> results;
    QByteArray bytes;
    bool usedOwnSpace = false;
    bool intoOwnSpace = false;
    std::function<void()> onReadDone;

private:
    int m_fd;
    QByteArray m_own;
};

} // namespace

class TestIoBatch : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void writesOfAPassGoOutTogether();
    void fullSocketAnswersEagain();
    void writerThatGoesAwayIsNotTold();
    void addingWhileSubmittingIsRefused();
    void readsOfAPassComeInTogether();
    void readIntoTheReadersOwnSpace();
    void readerThatGoesAwayIsNotCalled();
    void manyReadersTakeSeveralChunks();
    void largeSliceWhenAsked();
    void turnedOffByTheEnvironment();

private:
    IoBatch *m_batch = nullptr;
};

void TestIoBatch::init()
{
    if (QByteArrayView(QTest::currentTestFunction()) == "turnedOffByTheEnvironment")
        return; // runs everywhere: it makes batches of its own
    m_batch = IoBatch::forThread();
    if (m_batch)
        return;
    if (qEnvironmentVariableIsSet("DUPLEX_IO_URING") && qEnvironmentVariableIntValue("DUPLEX_IO_URING") == 0)
        QSKIP("DUPLEX_IO_URING=0 is set: the batch is turned off");
    // Skipped only where the kernel itself refuses a ring as IoBatch asks for it (before Linux 5.19, or a sandbox or
    // kernel.io_uring_disabled): there the server uses one system call per read and write, which every other test
    // and the conformance suite's "sync" configuration cover. Anywhere else a missing batch is a failure.
    io_uring ring {};
    io_uring_params params {};
    params.flags = IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN;
    const int refused = io_uring_queue_init_params(8, &ring, &params);
    if (refused == 0) {
        io_uring_queue_exit(&ring);
        QFAIL("the kernel makes an io_uring ring, but IoBatch::forThread() gave none");
    }
    QSKIP(qPrintable(QStringLiteral("the kernel refuses an io_uring ring (%1): the server reads and writes with one "
                                    "system call each here")
                         .arg(QString::fromLocal8Bit(std::strerror(-refused)))));
}

void TestIoBatch::writesOfAPassGoOutTogether()
{
    SocketPair pairs[3];
    TestWriter a(pairs[0].ours, "first");
    TestWriter b(pairs[1].ours, QByteArray(10000, 'b'));
    TestWriter c(pairs[2].ours, "third");
    QVERIFY(m_batch->add(&a));
    QVERIFY(m_batch->add(&b));
    QVERIFY(m_batch->add(&c));
    QCOMPARE(pairs[0].readPeer(), QByteArray()); // nothing before the submission
    m_batch->submit();
    QCOMPARE(pairs[0].readPeer(), QByteArray("first"));
    QCOMPARE(pairs[1].readPeer(), QByteArray(10000, 'b'));
    QCOMPARE(pairs[2].readPeer(), QByteArray("third"));
    QCOMPARE(a.writtenResults, QList<int>({5}));
    QCOMPARE(a.afterResults, QList<int>({5}));
    QCOMPARE(b.afterResults, QList<int>({10000}));
    QCOMPARE(c.afterResults, QList<int>({5}));
    m_batch->submit(); // an empty batch: nobody is asked or told again
    QCOMPARE(a.asked, 1);
    QCOMPARE(a.afterResults.size(), 1);
}

void TestIoBatch::fullSocketAnswersEagain()
{
    SocketPair pair;
    const int small = 4096;
    ::setsockopt(pair.ours, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
    // Fill the socket until it takes nothing more.
    const QByteArray chunk(65536, 'x');
    while (::send(pair.ours, chunk.constData(), std::size_t(chunk.size()), MSG_DONTWAIT) > 0) { }
    QCOMPARE(errno, EAGAIN);
    TestWriter w(pair.ours, QByteArray(1 << 20, 'y'));
    QVERIFY(m_batch->add(&w));
    QElapsedTimer timer;
    timer.start();
    m_batch->submit(); // must not wait for the peer to read
    QCOMPARE(w.afterResults, QList<int>({-EAGAIN}));
    QCOMPARE(w.writtenResults, QList<int>({-EAGAIN}));
    QVERIFY2(timer.elapsed() < 5000, "the submission waited for the socket");
    // Once the peer has read, part of a large write goes out: the writer is told how much.
    pair.readPeer();
    QVERIFY(m_batch->add(&w));
    m_batch->submit();
    QCOMPARE(w.afterResults.size(), 2);
    QVERIFY2(w.afterResults.last() > 0 && w.afterResults.last() < (1 << 20), QByteArray::number(w.afterResults.last()));
}

void TestIoBatch::writerThatGoesAwayIsNotTold()
{
    SocketPair pairs[2];
    TestWriter a(pairs[0].ours, "a");
    auto b = std::make_unique<TestWriter>(pairs[1].ours, "b");
    // Acting on its result, a closes b's connection (the Hub's backpressure does that to another client).
    TestWriter *goes = b.get();
    a.onAfterWrite = [&] {
        m_batch->forget(goes);
        b.reset();
    };
    QVERIFY(m_batch->add(&a));
    QVERIFY(m_batch->add(goes));
    m_batch->submit(); // b would be told after a: ASan sees it if it were
    QVERIFY(!b);
    QCOMPARE(a.afterResults, QList<int>({1}));
    QCOMPARE(pairs[1].readPeer(), QByteArray("b")); // it was written before a was told

    // Forgotten before the submission: not even asked.
    TestWriter c(pairs[0].ours, "c");
    QVERIFY(m_batch->add(&c));
    m_batch->forget(&c);
    m_batch->submit();
    QCOMPARE(c.asked, 0);
    QCOMPARE(pairs[0].readPeer(), QByteArray("a"));
}

void TestIoBatch::addingWhileSubmittingIsRefused()
{
    SocketPair pair;
    TestWriter a(pair.ours, "a");
    TestWriter late(pair.ours, "late");
    bool added = true;
    a.onAfterWrite = [&] { added = m_batch->add(&late); };
    QVERIFY(m_batch->add(&a));
    m_batch->submit();
    QVERIFY(!added); // the caller writes directly then
    QCOMPARE(late.asked, 0);
}

void TestIoBatch::readsOfAPassComeInTogether()
{
    SocketPair pairs[3];
    QCOMPARE(::send(pairs[0].peer, "hello", 5, 0), 5);
    ::shutdown(pairs[1].peer, SHUT_WR); // end of stream: 0
    // pairs[2]: nothing there (a spurious notification): -EAGAIN, without waiting
    TestReader a(pairs[0].ours), b(pairs[1].ours), c(pairs[2].ours);
    QVERIFY(m_batch->addRead(&a));
    QVERIFY(m_batch->addRead(&b));
    QVERIFY(m_batch->addRead(&c));
    QVERIFY(a.results.isEmpty()); // read once the event loop gets to the posted call
    QTRY_COMPARE(a.results.size(), 1);
    QCOMPARE(a.results, QList<int>({5}));
    QCOMPARE(a.bytes, QByteArray("hello"));
    QVERIFY(!a.usedOwnSpace);
    QCOMPARE(b.results, QList<int>({0}));
    QCOMPARE(c.results, QList<int>({-EAGAIN}));
}

void TestIoBatch::readIntoTheReadersOwnSpace()
{
    SocketPair pair;
    const QByteArray data(100000, 'z');
    QCOMPARE(::send(pair.peer, data.constData(), std::size_t(data.size()), 0), ssize_t(data.size()));
    TestReader r(pair.ours, 200000);
    QVERIFY(m_batch->addRead(&r));
    QTRY_COMPARE(r.results.size(), 1);
    QVERIFY(r.usedOwnSpace);
    QVERIFY(r.intoOwnSpace);
    QCOMPARE(r.bytes, data);
}

void TestIoBatch::readerThatGoesAwayIsNotCalled()
{
    SocketPair pairs[2];
    QCOMPARE(::send(pairs[0].peer, "a", 1, 0), 1);
    QCOMPARE(::send(pairs[1].peer, "b", 1, 0), 1);
    TestReader a(pairs[0].ours);
    auto b = std::make_unique<TestReader>(pairs[1].ours);
    TestReader *goes = b.get();
    a.onReadDone = [&] {
        m_batch->forgetReader(goes);
        b.reset();
    };
    QVERIFY(m_batch->addRead(&a));
    QVERIFY(m_batch->addRead(goes));
    QTRY_COMPARE(a.results.size(), 1);
    QVERIFY(!b);
}

void TestIoBatch::manyReadersTakeSeveralChunks()
{
    // More readers than one submission holds (256) and than the buffer has 16 KiB slices for (64): each gets its own.
    constexpr int Count = 300;
    std::vector<std::unique_ptr<SocketPair>> pairs;
    std::vector<std::unique_ptr<TestReader>> readers;
    for (int i = 0; i < Count; ++i) {
        pairs.push_back(std::make_unique<SocketPair>());
        QVERIFY(pairs.back()->ours >= 0);
        const QByteArray data = QByteArray::number(i).repeated(1000 + i);
        QCOMPARE(::send(pairs.back()->peer, data.constData(), std::size_t(data.size()), 0), ssize_t(data.size()));
        readers.push_back(std::make_unique<TestReader>(pairs.back()->ours));
        QVERIFY(m_batch->addRead(readers.back().get()));
    }
    QTRY_COMPARE(readers.back()->results.size(), 1);
    for (int i = 0; i < Count; ++i) {
        QCOMPARE(readers[i]->results.size(), 1);
        QCOMPARE(readers[i]->bytes, QByteArray::number(i).repeated(1000 + i));
    }
}

void TestIoBatch::largeSliceWhenAsked()
{
    // 100 readers share the buffer in 16 KiB slices; the one that asks for 256 KiB gets a 200,000-byte message in one
    // read. Six such and the small slices fill the 1 MiB buffer more than twice: they take three chunks (four large;
    // two large and 32 small; 62 small).
    std::vector<std::unique_ptr<SocketPair>> pairs;
    std::vector<std::unique_ptr<TestReader>> readers;
    const QByteArray large(200000, 'L');
    for (int i = 0; i < 100; ++i) {
        pairs.push_back(std::make_unique<SocketPair>());
        const int buffer = 1 << 20;
        ::setsockopt(pairs.back()->peer, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
        const QByteArray data = i < 6 ? large : QByteArray(20000, 's');
        QCOMPARE(::send(pairs.back()->peer, data.constData(), std::size_t(data.size()), 0), ssize_t(data.size()));
        readers.push_back(std::make_unique<TestReader>(pairs.back()->ours));
        if (i < 6)
            readers.back()->wanted = 256 * 1024;
        QVERIFY(m_batch->addRead(readers.back().get()));
    }
    QTRY_COMPARE(readers.back()->results.size(), 1);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(readers[i]->results, QList<int>({200000}));
    for (int i = 6; i < 100; ++i)
        QCOMPARE(readers[i]->results, QList<int>({16 * 1024})); // the rest waits for the next notification
}

void TestIoBatch::turnedOffByTheEnvironment()
{
    // Made once per thread, on first use: a new thread sees the variable.
    qputenv("DUPLEX_IO_URING", "0");
    IoBatch *seen = reinterpret_cast<IoBatch *>(1);
    std::unique_ptr<QThread> thread(QThread::create([&seen] { seen = IoBatch::forThread(); }));
    thread->start();
    QVERIFY(thread->wait(10000));
    qunsetenv("DUPLEX_IO_URING");
    QCOMPARE(seen, nullptr);
    std::unique_ptr<QThread> other(QThread::create([&seen] { seen = IoBatch::forThread(); }));
    other->start();
    QVERIFY(other->wait(10000));
    QVERIFY(seen != nullptr);
}

QTEST_GUILESS_MAIN(TestIoBatch)
#include "tst_iobatch.moc"
