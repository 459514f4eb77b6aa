#pragma once

#include "scriptevent.h"

#include <QHash>
#include <QJSValue>
#include <QObject>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

class QJSEngine;
class QTimer;

namespace Duplex {

class ScriptApi;

// The server's JavaScript (README "Scripting"): one QJSEngine for the whole server, so that globals are shared by
// every connection like a one-worker Swoole server. Lives on a thread of its own (ServerCore starts it); Hubs
// hand it events in batches (handle()), and it answers with actions() batches. A handler that runs longer than
// the timeout is interrupted by a watchdog thread; an error is logged with its file and line and never stops the
// server. A reload that does not compile keeps the running script.
class ScriptHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptHost)

public:
    // Which handlers the running script has: a Hub hands it messages only when it has a message handler.
    struct Handlers
    {
        bool open = false;
        bool message = false;
        bool close = false;
    };

    explicit ScriptHost(QObject *parent = nullptr);
    ~ScriptHost() override;

    // Compiles and runs `source` in a new engine; on success it replaces the running script (its timers and globals
    // go), else the running one stays. loaded() follows. An empty source unloads.
    void load(const QString &source, const QString &fileName);
    void handle(const QList<Duplex::ScriptEvent> &events);
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // The fds open now (whether or not a script runs), for exists() and connections.
    void forget(); // the server stopped: no connection is open

    // "file.js:3: TypeError: …": how errors read everywhere.
    struct Error
    {
        QString file;
        int line = 0;
        int column = 0; // syntax errors only (syntaxColumn())
        QString message;
        QString text() const;
    };
    // Where on `line` the first syntax error of `source` is (1-based), from Qt's own JavaScript parser: QJSEngine
    // reports the line of a SyntaxError but not its column. 0 when the parser does not say.
    static int syntaxColumn(const QString &source, int line);
    // Checks that `source` compiles and its top level runs, in a throwaway engine (duplex-server at start).
    static std::optional<Error> check(const QString &source, const QString &fileName);

Q_SIGNALS:
    // After load(): error empty when the new script runs.
    void loaded(const QString &error);
    // Which handlers the running script has registered (server.on), each time that changes.
    void handlersChanged(bool open, bool message, bool close);
    void actions(const QList<Duplex::ScriptAction> &actions);

private:
    friend class ScriptApi;
    struct Engine;
    std::unique_ptr<Engine> makeEngine(const QString &source, const QString &fileName, Error *error);
    // Runs JavaScript under the watchdog; the error it ended with, if any (logged unless `quiet`).
    // `file` and `what` ("the message handler (client 3)") name an interruption, of which the engine tells no line.
    std::optional<Error> call(QJSEngine &engine, const QString &file, const QString &what,
        const std::function<QJSValue()> &function, bool quiet = false);
    void queue(ScriptAction &&action);
    void flush();
    void log(int level, const QString &text);
    void watch();

    std::unique_ptr<Engine> m_engine;
    std::set<quint64> m_open;
    QList<ScriptAction> m_pending;
    bool m_flushPosted = false;
    int m_timeoutMs = 200;
    QString m_fileName;

    // Console lines are bounded: past this many in a second, the rest are counted and said once.
    qint64 m_logWindowStart = 0;
    int m_logLines = 0;
    quint64 m_logDropped = 0;

    // The watchdog: interrupts the engine when a call has run for longer than the timeout.
    std::mutex m_watchMutex;
    std::condition_variable m_watchWake;
    QJSEngine *m_running = nullptr; // the engine in a call, under m_watchMutex
    qint64 m_runningSince = 0;
    bool m_interrupted = false;
    bool m_quit = false;
    std::thread m_watchdog;
};

} // namespace Duplex
