// libFuzzer target for the server's request and frame path (issue 4). One in-process Duplex::Server runs for the
// whole session; each input goes to it over a fresh loopback connection:
//   first byte even: the rest is written as it is, as the start of an HTTP request (Listener, HttpFrontend,
//                    QWebSocketServer's handshake);
//   first byte odd:  a valid WebSocket handshake is made first and the rest is written as frame bytes (Hub);
//                    with bit 1 set too, the handshake asks for the duplex.v1 chat protocol (JSON frames).
// The client then half-closes, so the server reads everything before it sees the end. Every few hundred inputs
// the server must still answer GET /healthz and echo a WebSocket message, or the run stops with a crash report.

#include "server.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>

namespace {

constexpr int HealthEvery = 250;
constexpr int ConnectTimeoutMs = 2000;
constexpr int ServerCloseWaitMs = 200;

QCoreApplication *app = nullptr;
Duplex::Server *server = nullptr;
quint64 inputs = 0;

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_listener: %s after %llu inputs\n", what, static_cast<unsigned long long>(inputs));
    std::abort();
}

bool connectTo(QTcpSocket &socket)
{
    socket.connectToHost(QHostAddress::LocalHost, server->port());
    return socket.waitForConnected(ConnectTimeoutMs);
}

// Reads until the head of the server's answer is complete; returns the head and leaves the rest in the socket.
QByteArray readHead(QTcpSocket &socket, int timeoutMs)
{
    QByteArray head;
    const QDeadlineTimer deadline(timeoutMs);
    while (!head.contains("\r\n\r\n") && !deadline.hasExpired()) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(int(deadline.remainingTime())))
            break;
        head += socket.read(1); // byte by byte: frames that follow the head stay in the socket
    }
    return head;
}

bool handshake(QTcpSocket &socket, bool chat = false)
{
    socket.write("GET /fuzz?name=fuzz HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
    socket.write(chat ? "Sec-WebSocket-Protocol: duplex.v1\r\n\r\n" : "\r\n");
    return readHead(socket, ConnectTimeoutMs).startsWith("HTTP/1.1 101");
}

void checkStillServing()
{
    {
        QTcpSocket socket;
        if (!connectTo(socket))
            fail("cannot connect for /healthz");
        socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        QByteArray answer;
        const QDeadlineTimer deadline(5000);
        while (!answer.contains("\"status\":\"ok\"") && !deadline.hasExpired()) {
            if (socket.waitForReadyRead(int(deadline.remainingTime())))
                answer += socket.readAll();
            else if (socket.state() != QAbstractSocket::ConnectedState)
                break;
        }
        if (!answer.startsWith("HTTP/1.1 200") || !answer.contains("\"status\":\"ok\""))
            fail("GET /healthz is no longer answered with 200 and status ok");
    }
    {
        QTcpSocket socket;
        if (!connectTo(socket) || !handshake(socket))
            fail("a valid WebSocket handshake no longer succeeds");
        // A masked text frame "hi" (mask 00 00 00 00 leaves the payload as it is).
        socket.write(QByteArray("\x81\x82\x00\x00\x00\x00hi", 8));
        QByteArray answer;
        const QDeadlineTimer deadline(5000);
        while (!answer.contains("You said: hi") && !deadline.hasExpired() && socket.waitForReadyRead(500))
            answer += socket.readAll();
        if (!answer.contains("You said: hi"))
            fail("a WebSocket text message is no longer echoed");
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    qputenv("QT_NO_GLIB", "1");
    qputenv("QT_LOGGING_RULES", "*.debug=false;*.warning=false");
    app = new QCoreApplication(*argc, *argv);
    QStandardPaths::setTestModeEnabled(true); // never touch the user's own data folder
    server = new Duplex::Server;
    Duplex::ServerConfig config;
    config.host = QHostAddress::LocalHost;
    config.port = 0;
    config.maxMessageSize = 64 * 1024;
    config.maxFrameSize = 64 * 1024;
    config.handshakeTimeoutMs = 500;
    config.historyEnabled = false; // SQLite writes are off the network path, and would only slow the run down
    QEventLoop loop;
    QObject::connect(server, &Duplex::Server::started, &loop, &QEventLoop::quit);
    QObject::connect(server, &Duplex::Server::startFailed, &loop, [&loop](const QString &error) {
        std::fprintf(stderr, "fuzz_listener: the server did not start: %s\n", qPrintable(error));
        loop.exit(1);
    });
    QTimer::singleShot(10'000, &loop, [&loop] { loop.exit(1); });
    server->start(config);
    if (loop.exec() != 0 || server->port() == 0)
        fail("the server did not start");
    checkStillServing();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    ++inputs;
    const bool frames = (data[0] & 1) != 0;
    const bool chat = (data[0] & 2) != 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    {
        QTcpSocket socket;
        if (!connectTo(socket))
            fail("cannot connect");
        if (frames && !handshake(socket, chat))
            fail("a valid WebSocket handshake failed");
        socket.write(bytes);
        socket.waitForBytesWritten(ConnectTimeoutMs);
        // Half-close: the server reads all the input, then sees the end and closes (or times out the head).
        ::shutdown(int(socket.socketDescriptor()), SHUT_WR);
        const QDeadlineTimer deadline(ServerCloseWaitMs);
        while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
            if (socket.waitForReadyRead(int(deadline.remainingTime())))
                socket.readAll();
        }
        socket.abort();
    }
    QCoreApplication::processEvents(); // take the server's event batches and snapshots
    if (inputs % HealthEvery == 0)
        checkStillServing();
    return 0;
}
