// permessage-deflate (RFC 7692, protocol/permessagedeflate.h): the negotiation table, the inflater's bound (a small
// message that inflates to a gigabyte), and compressed messages over real sockets with a client that compresses as a
// browser does (context kept between messages) and one that does not.
#include "permessagedeflate.h"
#include "rawframes.h"
#include "server.h"
#include "testclient.h"

#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

#include <zlib.h>

using namespace Duplex;
using namespace Duplex::PerMessageDeflate;

namespace {

// A client's compressor (raw deflate, sync flush, the 4-byte tail removed), keeping its context unless reset.
class ClientCompressor
{
public:
    explicit ClientCompressor(int bits = 15) { deflateInit2(&m_z, 6, Z_DEFLATED, -bits, 8, Z_DEFAULT_STRATEGY); }
    ~ClientCompressor() { deflateEnd(&m_z); }
    Q_DISABLE_COPY_MOVE(ClientCompressor)

    QByteArray compress(const QByteArray &in, bool reset = false)
    {
        if (reset)
            deflateReset(&m_z);
        QByteArray out(int(deflateBound(&m_z, uLong(in.size()))) + 64, Qt::Uninitialized);
        m_z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
        m_z.avail_in = uInt(in.size());
        m_z.next_out = reinterpret_cast<Bytef *>(out.data());
        m_z.avail_out = uInt(out.size());
        deflate(&m_z, Z_SYNC_FLUSH);
        out.resize(out.size() - qsizetype(m_z.avail_out));
        out.chop(4); // 00 00 ff ff
        return out;
    }

private:
    z_stream m_z {};
};

// A client's inflater for the server's messages, keeping its context as a browser does.
class ServerInflater
{
public:
    explicit ServerInflater(int windowBits = 15) { inflateInit2(&m_z, -windowBits); }
    ~ServerInflater() { inflateEnd(&m_z); }
    Q_DISABLE_COPY_MOVE(ServerInflater)

    QByteArray inflate(const QByteArray &payload)
    {
        QByteArray in = payload + QByteArray("\x00\x00\xff\xff", 4);
        QByteArray out(16 * 1024 * 1024, Qt::Uninitialized);
        m_z.next_in = reinterpret_cast<Bytef *>(in.data());
        m_z.avail_in = uInt(in.size());
        m_z.next_out = reinterpret_cast<Bytef *>(out.data());
        m_z.avail_out = uInt(out.size());
        ::inflate(&m_z, Z_SYNC_FLUSH);
        out.resize(out.size() - qsizetype(m_z.avail_out));
        return out;
    }

private:
    z_stream m_z {};
};

QByteArray inflateServerMessage(const QByteArray &payload)
{
    ServerInflater fresh;
    return fresh.inflate(payload);
}

// About a gigabyte of zeros, compressed: ~1 MB on the wire.
QByteArray zipBomb(qint64 inflatedSize)
{
    z_stream z {};
    deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
    const QByteArray zeros(1024 * 1024, '\0');
    QByteArray out;
    QByteArray chunk(64 * 1024, Qt::Uninitialized);
    for (qint64 fed = 0; fed < inflatedSize; fed += zeros.size()) {
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(zeros.data()));
        z.avail_in = uInt(zeros.size());
        const int flush = fed + zeros.size() >= inflatedSize ? Z_SYNC_FLUSH : Z_NO_FLUSH;
        do {
            z.next_out = reinterpret_cast<Bytef *>(chunk.data());
            z.avail_out = uInt(chunk.size());
            deflate(&z, flush);
            out.append(chunk.constData(), chunk.size() - qsizetype(z.avail_out));
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    out.chop(4);
    return out;
}

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// A raw client that negotiates permessage-deflate (or not) and reads the server's frames.
class DeflateClient final : public QObject
{
public:
    explicit DeflateClient(quint16 port)
    {
        connect(&socket, &QTcpSocket::readyRead, this, [this] { received += socket.readAll(); });
        connect(&socket, &QTcpSocket::disconnected, this, [this] { gone = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }

    // Returns the server's Sec-WebSocket-Extensions answer ("" when none), or "failed".
    QByteArray handshake(const QByteArray &offer)
    {
        if (!socket.waitForConnected(5000))
            return "failed";
        socket.write(DuplexTest::upgradeRequest(
            "GET /chat HTTP/1.1", offer.isEmpty() ? QByteArray() : "Sec-WebSocket-Extensions: " + offer + "\r\n"));
        const QDeadlineTimer deadline(5000);
        while (!received.contains("\r\n\r\n") && !gone && !deadline.hasExpired())
            QTest::qWait(5);
        const qsizetype end = received.indexOf("\r\n\r\n");
        if (end < 0 || !received.startsWith("HTTP/1.1 101"))
            return "failed";
        QByteArray extensions;
        for (const QByteArray &line : received.first(end).split('\n')) {
            if (line.toLower().startsWith("sec-websocket-extensions:"))
                extensions = line.mid(25).trimmed();
        }
        received.remove(0, end + 4);
        return extensions;
    }

    // Waits for the next data or close frame (pings are skipped).
    std::optional<DuplexTest::ServerFrame> next(int timeoutMs = 5000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            for (DuplexTest::ServerFrame &frame : DuplexTest::takeServerFrames(received))
                pending.append(frame);
            while (!pending.isEmpty()) {
                DuplexTest::ServerFrame frame = pending.takeFirst();
                if (frame.opcode() != 0x9 && frame.opcode() != 0xa)
                    return frame;
            }
            if (gone)
                return std::nullopt;
            QTest::qWait(5);
        }
        return std::nullopt;
    }

    QTcpSocket socket;
    QByteArray received;
    QList<DuplexTest::ServerFrame> pending;
    bool gone = false;
};

// The close code the server sends next, skipping data frames; -1 when none comes. `payload`: the close payload.
int waitForClose(DeflateClient &client, int timeoutMs = 5000, QByteArray *payload = nullptr)
{
    while (const auto frame = client.next(timeoutMs)) {
        if (frame->opcode() != 0x8)
            continue;
        if (payload)
            *payload = frame->payload;
        return frame->payload.size() >= 2 ? qFromBigEndian<quint16>(frame->payload.constData()) : 1005;
    }
    return -1;
}

} // namespace

class TestDeflate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void negotiate_followsRfc7692_data()
    {
        QTest::addColumn<QByteArray>("offer");
        QTest::addColumn<bool>("refuseClientContext");
        QTest::addColumn<QByteArray>("answer"); // "" when declined

        const QByteArray base = "permessage-deflate";
        QTest::addColumn<bool>("refuseServerContext");
        QTest::newRow("plain") << QByteArray("permessage-deflate") << false << base << false;
        QTest::newRow("chromium") << QByteArray("permessage-deflate; client_max_window_bits") << false
                                  << base + "; client_max_window_bits=15" << false;
        QTest::newRow("client window value") << QByteArray("permessage-deflate; client_max_window_bits=10") << false
                                             << base + "; client_max_window_bits=10" << false;
        QTest::newRow("server window") << QByteArray("permessage-deflate; server_max_window_bits=10") << false
                                       << base + "; server_max_window_bits=10" << false;
        // RFC 7692 7.1.2.1: an offer of the parameter is answered with it, 15 too (the conformance suite, 13.4.3).
        QTest::newRow("server window 15") << QByteArray("permessage-deflate; server_max_window_bits=15") << false
                                          << base + "; server_max_window_bits=15" << false;
        QTest::newRow("server window quoted") << QByteArray("permessage-deflate; server_max_window_bits=\"12\"")
                                              << false << base + "; server_max_window_bits=12" << false;
        QTest::newRow("client asks no context") << QByteArray("permessage-deflate; client_no_context_takeover") << false
                                                << base + "; client_no_context_takeover" << false;
        QTest::newRow("server asked no context") << QByteArray("permessage-deflate; server_no_context_takeover")
                                                 << false << base + "; server_no_context_takeover" << false;
        QTest::newRow("many client contexts")
            << QByteArray("permessage-deflate") << true << base + "; client_no_context_takeover" << false;
        QTest::newRow("many server contexts")
            << QByteArray("permessage-deflate") << false << base + "; server_no_context_takeover" << true;
        QTest::newRow("window 8: next offer")
            << QByteArray("permessage-deflate; server_max_window_bits=8, permessage-deflate; client_max_window_bits")
            << false << base + "; client_max_window_bits=15" << false;
        QTest::newRow("other extension first")
            << QByteArray("x-webkit-deflate-frame, permessage-deflate") << false << base << false;
        QTest::newRow("window 16") << QByteArray("permessage-deflate; server_max_window_bits=16") << false
                                   << QByteArray() << false;
        QTest::newRow("window 08") << QByteArray("permessage-deflate; server_max_window_bits=08") << false
                                   << QByteArray() << false;
        QTest::newRow("window without value")
            << QByteArray("permessage-deflate; server_max_window_bits") << false << QByteArray() << false;
        QTest::newRow("client window 7") << QByteArray("permessage-deflate; client_max_window_bits=7") << false
                                         << QByteArray() << false;
        QTest::newRow("twice") << QByteArray("permessage-deflate; client_no_context_takeover; "
                                             "client_no_context_takeover")
                               << false << QByteArray() << false;
        QTest::newRow("flag with value") << QByteArray("permessage-deflate; server_no_context_takeover=1") << false
                                         << QByteArray() << false;
        QTest::newRow("unknown parameter") << QByteArray("permessage-deflate; foo=1") << false << QByteArray() << false;
        QTest::newRow("another extension") << QByteArray("x-webkit-deflate-frame") << false << QByteArray() << false;
        QTest::newRow("nothing") << QByteArray() << false << QByteArray() << false;
    }

    void negotiate_followsRfc7692()
    {
        QFETCH(QByteArray, offer);
        QFETCH(bool, refuseClientContext);
        QFETCH(QByteArray, answer);
        QFETCH(bool, refuseServerContext);
        const auto agreement = negotiate(offer, refuseClientContext, refuseServerContext);
        QCOMPARE(agreement ? agreement->responseValue() : QByteArray(), answer);
    }

    void inflater_keepsTheClientsContextAcrossMessages()
    {
        ClientCompressor client;
        Inflater inflater(false);
        const QByteArray message = R"({"type":"chat","name":"小明","text":"我是服务端 hello hello hello"})";
        QByteArray out;
        QByteArrayList sizes;
        for (int i = 0; i < 3; ++i) {
            const QByteArray compressed = client.compress(message);
            sizes << QByteArray::number(compressed.size());
            QCOMPARE(inflater.inflate(compressed, 1 << 20, out), Inflater::Result::Ok);
            QCOMPARE(out, message);
        }
        // The second message refers to the first: far smaller than the first.
        QVERIFY2(sizes.at(1).toInt() * 3 < sizes.at(0).toInt(), sizes.join(' ').constData());
        QCOMPARE(clientContexts(), 1);
    }

    void inflater_withoutContext_keepsNothing()
    {
        ClientCompressor client;
        Inflater inflater(true);
        QByteArray out;
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(
                inflater.inflate(client.compress("hello hello hello hello", true), 1024, out), Inflater::Result::Ok);
            QCOMPARE(out, QByteArray("hello hello hello hello"));
            QCOMPARE(inflater.heldBytes(), 0);
        }
        QCOMPARE(clientContexts(), 0);
    }

    void inflater_badData_isCorrupt()
    {
        Inflater inflater(false);
        QByteArray out;
        QCOMPARE(inflater.inflate(QByteArray("\xff\xff\xff\xff\xff", 5), 1024, out), Inflater::Result::Corrupt);
        QVERIFY(!inflater.error().isEmpty());
    }

    void inflater_zipBomb_stopsAtTheLimit()
    {
        const QByteArray bomb = zipBomb(qint64(1) << 30);
        qInfo("a gigabyte of zeros compresses to %lld bytes", qint64(bomb.size()));
        QVERIFY(bomb.size() < 1100 * 1024);
        Inflater inflater(false);
        QByteArray out;
        const qint64 before = residentKiB();
        QCOMPARE(inflater.inflate(bomb, 1 << 20, out), Inflater::Result::TooBig);
        QVERIFY2(out.capacity() <= 3 * (1 << 20), QByteArray::number(out.capacity()).constData());
        qInfo("resident memory grew by %lld KiB while inflating", residentKiB() - before);
        QVERIFY(residentKiB() - before < 8 * 1024);
        QVERIFY(inflater.error().contains(QStringLiteral("1048576")));
    }

    void deflateMessage_roundTripsAndSkipsWhatWouldGrow()
    {
        const QByteArray json = QByteArray(R"({"name":"alice","text":"hello"},)").repeated(200);
        QByteArray compressed;
        QVERIFY(deflateMessage(json, 15, compressed));
        QVERIFY(compressed.size() * 10 < json.size());
        QCOMPARE(inflateServerMessage(compressed), json);
        QByteArray tiny;
        QVERIFY(!deflateMessage("ab", 15, tiny));
        QVERIFY(tiny.isEmpty());
    }

    // Over a real socket: the answer header, compressed messages in both directions with context kept, RSV1 on a
    // connection without compression, the zip bomb closed with 1009 while others go on.
    void server_negotiatesAndEchoesCompressedMessages()
    {
        Server server;
        QVERIFY(DuplexTest::startServer(server));
        const quint16 port = quint16(server.url().port());

        DeflateClient client(port);
        const QByteArray answer = client.handshake("permessage-deflate; client_max_window_bits");
        QCOMPARE(answer, QByteArray("permessage-deflate; client_max_window_bits=15"));
        ClientCompressor compressor;
        ServerInflater fromServer; // the server keeps its context: its answers refer to the earlier ones
        QList<int> replySizes;
        const QByteArray json = QByteArray(R"({"text":"我是服务端, hello"})").repeated(50);
        for (int i = 0; i < 3; ++i) {
            client.socket.write(DuplexTest::frame(0x80 | 0x40 | 0x1, compressor.compress(json)));
            const auto reply = client.next();
            QVERIFY(reply);
            QCOMPARE(reply->opcode(), quint8(0x1));
            QVERIFY(reply->rsv1()); // the echo is long enough to be worth compressing
            QVERIFY(QString::fromUtf8(fromServer.inflate(reply->payload)).endsWith(QString::fromUtf8(json)));
            QVERIFY(reply->payload.size() * 5 < json.size());
            replySizes << int(reply->payload.size());
        }
        // The second answer refers to the first (the server's context): smaller.
        QVERIFY2(replySizes.at(1) < replySizes.at(0), qPrintable(QString::number(replySizes.at(1))));
        // A compressed message in two fragments: RSV1 on the first only.
        const QByteArray compressed = compressor.compress("split message split message");
        client.socket.write(DuplexTest::frame(0x40 | 0x1, compressed.first(5)));
        client.socket.write(DuplexTest::frame(0x80 | 0x0, compressed.sliced(5)));
        const auto reply = client.next();
        QVERIFY(reply);
        const QByteArray text = reply->rsv1() ? fromServer.inflate(reply->payload) : reply->payload;
        QVERIFY2(text.endsWith("split message split message"), text.constData());
        // Uncompressed messages stay allowed.
        client.socket.write(DuplexTest::frame(0x81, "plain"));
        const auto plain = client.next();
        QVERIFY(plain && !plain->rsv1() && plain->payload.endsWith("plain"));
    }

    // A client that asks for server_no_context_takeover gets answers that each inflate on their own.
    void server_noContextAsked_everyAnswerStandsAlone()
    {
        Server server;
        QVERIFY(DuplexTest::startServer(server));
        DeflateClient client(quint16(server.url().port()));
        QCOMPARE(client.handshake("permessage-deflate; server_no_context_takeover"),
            QByteArray("permessage-deflate; server_no_context_takeover"));
        const QByteArray json = QByteArray(R"({"text":"hello hello hello"})").repeated(20);
        for (int i = 0; i < 3; ++i) {
            client.socket.write(DuplexTest::frame(0x81, json));
            const auto reply = client.next();
            QVERIFY(reply && reply->rsv1());
            QVERIFY(inflateServerMessage(reply->payload).endsWith(json)); // a fresh inflater each time
        }
    }

    // A client that allows the server a 512-byte window (server_max_window_bits=9) inflates with no more: the server's
    // context must not refer further back, within a message or across messages (the conformance suite, 13.5.1).
    void server_smallServerWindow_isHonoured()
    {
        Server server;
        ServerConfig config;
        config.mode = Mode::Raw;
        QVERIFY(DuplexTest::startServer(server, config));
        DeflateClient client(quint16(server.url().port()));
        QCOMPARE(client.handshake("permessage-deflate; server_max_window_bits=9"),
            QByteArray("permessage-deflate; server_max_window_bits=9"));
        QByteArray block;
        for (int i = 0; i < 700; ++i)
            block += char('a' + QRandomGenerator::global()->bounded(26));
        ServerInflater inflater(9);
        for (int i = 0; i < 3; ++i) {
            const QByteArray text = block + "-" + QByteArray::number(i) + "-" + block; // a repeat 700 bytes back
            client.socket.write(DuplexTest::frame(0x81, text));
            const auto reply = client.next();
            QVERIFY(reply && reply->rsv1());
            QCOMPARE(inflater.inflate(reply->payload), text);
        }
    }

    void deflater_keepsItsContextInABoundedState()
    {
        const int before = serverContexts();
        {
            Deflater deflater(15);
            QCOMPARE(serverContexts(), before + 1);
            QCOMPARE(deflater.heldBytes(), 0); // nothing allocated before the first message
            ServerInflater client;
            const QByteArray message = R"({"type":"message","name":"alice","text":"see you at 10:30"})";
            QList<qsizetype> sizes;
            for (int i = 0; i < 3; ++i) {
                QByteArray out;
                QVERIFY(deflater.compress(message, out));
                sizes << out.size();
                QCOMPARE(client.inflate(out), message);
            }
            QVERIFY(sizes.at(1) * 3 < sizes.at(0));
            QVERIFY(deflater.heldBytes() > 0 && deflater.heldBytes() <= 20 * 1024);
        }
        QCOMPARE(serverContexts(), before);
    }

    void server_rsv1Misused_closesWith1002_data()
    {
        QTest::addColumn<QByteArray>("offer");
        QTest::addColumn<QByteArray>("frames");
        QTest::newRow("not negotiated") << QByteArray() << DuplexTest::frame(0x80 | 0x40 | 0x1, "x");
        QTest::newRow("on a ping") << QByteArray("permessage-deflate") << DuplexTest::frame(0x80 | 0x40 | 0x9, "x");
        QTest::newRow("on a continuation") << QByteArray(
            "permessage-deflate") << DuplexTest::frame(0x01, "ab") + DuplexTest::frame(0x80 | 0x40 | 0x0, "cd");
        QTest::newRow("rsv2 with compression")
            << QByteArray("permessage-deflate") << DuplexTest::frame(0x80 | 0x20 | 0x1, "x");
    }

    void server_rsv1Misused_closesWith1002()
    {
        QFETCH(QByteArray, offer);
        QFETCH(QByteArray, frames);
        Server server;
        QVERIFY(DuplexTest::startServer(server));
        DeflateClient client(quint16(server.url().port()));
        QVERIFY(client.handshake(offer) != "failed");
        client.socket.write(frames);
        QCOMPARE(waitForClose(client), 1002);
    }

    void server_zipBomb_closesWith1009WhileOthersGoOn()
    {
        Server server;
        QVERIFY(DuplexTest::startServer(server)); // default limit: 1 MiB
        const quint16 port = quint16(server.url().port());
        DeflateClient other(port);
        QVERIFY(other.handshake("permessage-deflate") != "failed");

        // 768 MiB of zeros in about 760 KiB: under the frame and message limits on the wire, 750 times over inflated.
        const QByteArray bomb = zipBomb(qint64(768) << 20);
        QVERIFY(bomb.size() < (1 << 20));
        const qint64 before = residentKiB();
        DeflateClient attacker(port);
        QVERIFY(attacker.handshake("permessage-deflate") != "failed");
        attacker.socket.write(DuplexTest::frame(0x80 | 0x40 | 0x2, bomb));
        QByteArray closePayload;
        QCOMPARE(waitForClose(attacker, 10'000, &closePayload), 1009);
        QVERIFY2(closePayload.contains("inflates"), closePayload.constData());
        const qint64 grown = residentKiB() - before;
        qInfo("server and test together grew by %lld KiB (the bomb inflates to 768 MiB)", grown);
        QVERIFY(grown < 16 * 1024);

        other.socket.write(DuplexTest::frame(0x81, "still here"));
        const auto reply = other.next();
        QVERIFY(reply && reply->payload.endsWith("still here"));
    }

    // The log has both sizes of a compressed frame; the connection list and /api/connections say what was agreed.
    void server_logsWireSizesAndListsCompression()
    {
        Server server;
        QList<ServerEvent> events;
        connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
        QVERIFY(DuplexTest::startServer(server));
        DeflateClient client(quint16(server.url().port()));
        QVERIFY(client.handshake("permessage-deflate") != "failed");
        DeflateClient plain(quint16(server.url().port()));
        QVERIFY(plain.handshake(QByteArray()) != "failed");
        ClientCompressor compressor;
        const QByteArray json = QByteArray(R"({"text":"hello hello hello"})").repeated(40);
        const QByteArray compressed = compressor.compress(json);
        client.socket.write(DuplexTest::frame(0x80 | 0x40 | 0x1, compressed));
        const auto reply = client.next();
        QVERIFY(reply && reply->rsv1());
        QTRY_VERIFY(std::any_of(events.cbegin(), events.cend(),
            [](const ServerEvent &e) { return e.type == ServerEvent::Type::FrameOut; }));
        for (const ServerEvent &e : std::as_const(events)) {
            if (e.type == ServerEvent::Type::FrameIn) {
                QCOMPARE(e.size, json.size());
                QCOMPARE(e.wireSize, compressed.size());
            } else if (e.type == ServerEvent::Type::FrameOut) {
                QCOMPARE(e.wireSize, reply->payload.size());
                QVERIFY(e.size > e.wireSize);
            }
        }
        const QJsonDocument list = DuplexTest::getJson(quint16(server.url().port()), "/api/connections");
        QStringList agreed;
        for (const QJsonValue &c : list.array())
            agreed << (c[QLatin1String("compression")].isNull() ? QStringLiteral("null")
                                                                : c[QLatin1String("compression")].toString());
        agreed.sort();
        QCOMPARE(agreed, QStringList({QStringLiteral("null"), QStringLiteral("permessage-deflate")}));
    }

    void server_noCompression_answersNoExtension()
    {
        Server server;
        ServerConfig config;
        config.compression = false;
        QVERIFY(DuplexTest::startServer(server, config));
        DeflateClient client(quint16(server.url().port()));
        QCOMPARE(client.handshake("permessage-deflate; client_max_window_bits"), QByteArray());
        client.socket.write(DuplexTest::frame(0x81, QByteArray(500, 'a')));
        const auto reply = client.next();
        QVERIFY(reply && !reply->rsv1());
    }
};

QTEST_GUILESS_MAIN(TestDeflate)
#include "tst_deflate.moc"
