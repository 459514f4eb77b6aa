#include "scripthost.h"

#include "ruleset.h"

#include <QDateTime>
#include <QJSEngine>

// Qt's JavaScript parser (private API, Debian's qt6-declarative-private-dev): the column of a syntax error.
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <private/qqmljsengine_p.h>
#include <private/qqmljslexer_p.h>
#include <private/qqmljsparser_p.h>

namespace Duplex {

namespace {

constexpr int MaxLogLinesPerSecond = 1000;
constexpr int FlushEvery = 1024; // actions: a handler that pushes in a loop is sent on in pieces

// The API scripts see, in JavaScript around the native object below: the names and shapes of Swoole's
// WebSocket server (README "Scripting"). Evaluated first in every engine; returns the globals and the dispatchers.
const char Prelude[] = R"JS((function (native) {
    'use strict';
    const handlers = Object.create(null);
    const timers = new Map();
    let nextTimer = 1;
    const wire = function (data) {
        if (data instanceof ArrayBuffer)
            return data;
        if (ArrayBuffer.isView(data))
            return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
        if (typeof data === 'object' && data !== null)
            return JSON.stringify(data);
        return String(data);
    };
    const server = Object.freeze({
        on(event, handler) {
            if (event !== 'open' && event !== 'message' && event !== 'close')
                throw new TypeError('server.on: unknown event "' + event + '" (open, message or close)');
            if (typeof handler !== 'function')
                throw new TypeError('server.on("' + event + '"): the handler must be a function');
            handlers[event] = handler;
            native.setHandled(event);
        },
        push(fd, data) { return native.push(Number(fd), wire(data)); },
        broadcast(data, exceptFd) { native.broadcast(wire(data), exceptFd === undefined ? 0 : Number(exceptFd)); },
        close(fd, code, reason) {
            return native.close(Number(fd), code === undefined ? 1000 : Number(code),
                reason === undefined ? '' : String(reason));
        },
        exists(fd) { return native.exists(Number(fd)); },
        get connections() { return native.connections(); },
    });
    const line = function (args) {
        return args.map(function (a) {
            if (typeof a === 'string')
                return a;
            if (a instanceof Error)
                return String(a);
            const json = JSON.stringify(a);
            return json === undefined ? String(a) : json;
        }).join(' ');
    };
    const console = Object.freeze({
        log(...args) { native.log(0, line(args)); },
        info(...args) { native.log(0, line(args)); },
        warn(...args) { native.log(1, line(args)); },
        error(...args) { native.log(2, line(args)); },
    });
    const schedule = function (repeat) {
        return function (fn, ms, ...args) {
            if (typeof fn !== 'function')
                throw new TypeError((repeat ? 'setInterval' : 'setTimeout') + ': the first argument must be a function');
            const id = nextTimer++;
            timers.set(id, { fn: fn, args: args, repeat: repeat });
            native.startTimer(id, Math.max(0, Number(ms) || 0), repeat);
            return id;
        };
    };
    const clear = function (id) {
        if (timers.delete(id))
            native.stopTimer(id);
    };
    return {
        globals: { server: server, console: console, setTimeout: schedule(false), setInterval: schedule(true),
            clearTimeout: clear, clearInterval: clear },
        open(req) { if (handlers.open) handlers.open(req); },
        message(fd, data, opcode) {
            if (handlers.message) handlers.message({ fd: fd, data: data, opcode: opcode, finish: true });
        },
        close(fd, code, reason) { if (handlers.close) handlers.close(fd, code, reason); },
        fire(id) {
            const timer = timers.get(id);
            if (!timer)
                return;
            if (!timer.repeat)
                timers.delete(id);
            timer.fn(...timer.args);
        },
    };
}))JS";

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

ScriptHost::Error errorOf(const QJSValue &value)
{
    ScriptHost::Error error;
    QString file = value.property(QStringLiteral("fileName")).toString();
    if (file.startsWith(u"file:")) // the engine makes file names URLs: file:///tmp/a.js, file:a.js
        file = QUrl(file).isLocalFile() ? QUrl(file).toLocalFile() : file.mid(5);
    error.file = file;
    error.line = value.property(QStringLiteral("lineNumber")).toInt();
    error.message = value.toString();
    return error;
}

} // namespace

QString ScriptHost::Error::text() const
{
    if (file.isEmpty())
        return message;
    if (line <= 0)
        return QStringLiteral("%1: %2").arg(file, message);
    if (column > 0)
        return QStringLiteral("%1:%2:%3: %4").arg(file).arg(line).arg(column).arg(message);
    return QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(message);
}

// The native half of the API; every call comes from the engine's thread, inside a handler or timer.
class ScriptApi final : public QObject
{
    Q_OBJECT

public:
    ScriptApi(ScriptHost &host, QObject *parent) : QObject(parent), m_host(host) { }

    Q_INVOKABLE bool push(double fd, const QJSValue &data)
    {
        if (!m_host.m_open.count(quint64(fd)))
            return false;
        ScriptAction action;
        action.kind = ScriptAction::Kind::Push;
        action.fd = quint64(fd);
        fill(action, data);
        m_host.queue(std::move(action));
        return true;
    }
    Q_INVOKABLE void broadcast(const QJSValue &data, double exceptFd)
    {
        ScriptAction action;
        action.kind = ScriptAction::Kind::Broadcast;
        action.fd = exceptFd > 0 ? quint64(exceptFd) : 0;
        fill(action, data);
        m_host.queue(std::move(action));
    }
    Q_INVOKABLE bool close(double fd, double code, const QString &reason)
    {
        if (const QString error = RuleSet::closeCodeError(int(code)); !error.isEmpty()) {
            m_host.log(2, tr("server.close(%1, %2): %3").arg(qulonglong(fd)).arg(code).arg(error));
            return false;
        }
        if (!m_host.m_open.count(quint64(fd)))
            return false;
        ScriptAction action;
        action.kind = ScriptAction::Kind::Close;
        action.fd = quint64(fd);
        action.code = int(code);
        action.text = reason.left(123); // RFC 6455 5.5: a control frame carries at most 125 bytes
        m_host.queue(std::move(action));
        return true;
    }
    Q_INVOKABLE bool exists(double fd) const { return m_host.m_open.count(quint64(fd)) > 0; }
    Q_INVOKABLE QJSValue connections() const
    {
        QJSValue array = m_engine->newArray(quint32(m_host.m_open.size()));
        quint32 i = 0;
        for (quint64 fd : m_host.m_open)
            array.setProperty(i++, double(fd));
        return array;
    }
    Q_INVOKABLE void log(int level, const QString &text) { m_host.log(level, text); }
    Q_INVOKABLE void setHandled(const QString &event);
    Q_INVOKABLE void startTimer(int id, double ms, bool repeat);
    Q_INVOKABLE void stopTimer(int id);

    QJSEngine *m_engine = nullptr;
    ScriptHost::Handlers m_handlers;
    QHash<int, QTimer *> m_timers;
    QJSValue m_fire;

private:
    static void fill(ScriptAction &action, const QJSValue &data)
    {
        if (data.isString()) {
            action.text = data.toString();
            return;
        }
        action.binary = true;
        action.data = data.toVariant().toByteArray();
    }

    ScriptHost &m_host;
};

struct ScriptHost::Engine
{
    QJSEngine engine;
    ScriptApi *api = nullptr; // child of `engine`
    QJSValue open, message, close;
};

void ScriptApi::setHandled(const QString &event)
{
    ScriptHost::Handlers before = m_handlers;
    if (event == u"open")
        m_handlers.open = true;
    else if (event == u"message")
        m_handlers.message = true;
    else if (event == u"close")
        m_handlers.close = true;
    const bool changed
        = before.open != m_handlers.open || before.message != m_handlers.message || before.close != m_handlers.close;
    if (changed && m_host.m_engine && m_host.m_engine->api == this)
        Q_EMIT m_host.handlersChanged(m_handlers.open, m_handlers.message, m_handlers.close);
}

void ScriptApi::startTimer(int id, double ms, bool repeat)
{
    auto *timer = new QTimer(this);
    timer->setSingleShot(!repeat);
    timer->setInterval(int(std::min(ms, 2'147'483'647.0)));
    m_timers.insert(id, timer);
    connect(timer, &QTimer::timeout, this, [this, id, timer, repeat] {
        if (!repeat) {
            m_timers.remove(id);
            timer->deleteLater();
        }
        m_host.call(*m_engine, m_host.m_fileName, tr("a timer"), [this, id] { return m_fire.call({QJSValue(id)}); });
        m_host.flush();
    });
    timer->start();
}

void ScriptApi::stopTimer(int id)
{
    if (QTimer *timer = m_timers.take(id)) {
        timer->stop();
        timer->deleteLater();
    }
}

ScriptHost::ScriptHost(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<QList<Duplex::ScriptEvent>>();
    qRegisterMetaType<QList<Duplex::ScriptAction>>();
    m_watchdog = std::thread([this] { watch(); });
}

ScriptHost::~ScriptHost()
{
    {
        std::lock_guard lock(m_watchMutex);
        m_quit = true;
    }
    m_watchWake.notify_one();
    m_watchdog.join();
}

void ScriptHost::watch()
{
    std::unique_lock lock(m_watchMutex);
    while (!m_quit) {
        m_watchWake.wait_for(lock, std::chrono::milliseconds(10));
        if (m_running && !m_interrupted && now() - m_runningSince > m_timeoutMs) {
            m_running->setInterrupted(true);
            m_interrupted = true;
        }
    }
}

std::unique_ptr<ScriptHost::Engine> ScriptHost::makeEngine(const QString &source, const QString &fileName, Error *error)
{
    auto engine = std::make_unique<Engine>();
    QJSEngine &js = engine->engine;
    engine->api = new ScriptApi(*this, &js);
    engine->api->m_engine = &js;
    const QJSValue factory = js.evaluate(QString::fromUtf8(Prelude), QStringLiteral("duplex-prelude.js"));
    QJSValue api = factory.call({js.newQObject(engine->api)});
    Q_ASSERT(!api.isError());
    const QJSValue globals = api.property(QStringLiteral("globals"));
    for (const char *name : {"server", "console", "setTimeout", "setInterval", "clearTimeout", "clearInterval"})
        js.globalObject().setProperty(QLatin1String(name), globals.property(QLatin1String(name)));
    engine->open = api.property(QStringLiteral("open"));
    engine->message = api.property(QStringLiteral("message"));
    engine->close = api.property(QStringLiteral("close"));
    engine->api->m_fire = api.property(QStringLiteral("fire"));

    // The top level runs under the watchdog too: a script may loop forever before registering anything.
    if (std::optional<Error> failed = call(
            js, fileName, tr("the top level"), [&] { return js.evaluate(source, fileName, 1); }, true)) {
        *error = *failed;
        if (error->message.startsWith(u"SyntaxError"))
            error->column = syntaxColumn(source, error->line);
        return nullptr;
    }
    return engine;
}

void ScriptHost::load(const QString &source, const QString &fileName)
{
    if (source.trimmed().isEmpty()) {
        m_engine.reset();
        m_fileName.clear();
        Q_EMIT handlersChanged(false, false, false);
        Q_EMIT loaded(QString());
        return;
    }
    Error error;
    std::unique_ptr<Engine> engine = makeEngine(source, fileName, &error);
    flush(); // what the top level said and sent
    if (!engine) {
        Q_EMIT loaded(error.text());
        return;
    }
    m_engine = std::move(engine);
    m_fileName = fileName;
    const Handlers &h = m_engine->api->m_handlers;
    Q_EMIT handlersChanged(h.open, h.message, h.close);
    Q_EMIT loaded(QString());
}

int ScriptHost::syntaxColumn(const QString &source, int line)
{
    QQmlJS::Engine engine;
    QQmlJS::Lexer lexer(&engine);
    lexer.setCode(source, 1, false);
    QQmlJS::Parser parser(&engine);
    if (parser.parseProgram())
        return 0;
    const QList<QQmlJS::DiagnosticMessage> messages = parser.diagnosticMessages();
    for (const QQmlJS::DiagnosticMessage &m : messages) {
        if (m.isError() && int(m.loc.startLine) == line)
            return int(m.loc.startColumn);
    }
    return 0;
}

std::optional<ScriptHost::Error> ScriptHost::check(const QString &source, const QString &fileName)
{
    ScriptHost host;
    Error error;
    if (host.makeEngine(source, fileName, &error))
        return std::nullopt;
    return error;
}

void ScriptHost::forget()
{
    m_open.clear();
}

std::optional<ScriptHost::Error> ScriptHost::call(
    QJSEngine &engine, const QString &file, const QString &what, const std::function<QJSValue()> &function, bool quiet)
{
    {
        std::lock_guard lock(m_watchMutex);
        m_running = &engine;
        m_runningSince = now();
        m_interrupted = false;
    }
    const QJSValue result = function();
    bool interrupted = false;
    {
        std::lock_guard lock(m_watchMutex);
        m_running = nullptr;
        interrupted = m_interrupted;
    }
    if (interrupted)
        engine.setInterrupted(false);
    if (!result.isError())
        return std::nullopt;
    Error error = errorOf(result);
    if (interrupted) {
        error.file = file;
        error.line = 0;
        error.message = tr("%1 ran for more than %2 ms and was stopped (--script-timeout; the engine does not say on "
                           "which line)")
                            .arg(what)
                            .arg(m_timeoutMs);
    }
    if (!quiet)
        log(2, error.text());
    return error;
}

void ScriptHost::handle(const QList<ScriptEvent> &events)
{
    for (const ScriptEvent &e : events) {
        switch (e.kind) {
        case ScriptEvent::Kind::Known:
            m_open.insert(e.fd);
            break;
        case ScriptEvent::Kind::Open: {
            m_open.insert(e.fd);
            if (!m_engine || !m_engine->api->m_handlers.open)
                break;
            QJSEngine &js = m_engine->engine;
            QJSValue req = js.newObject();
            req.setProperty(QStringLiteral("fd"), double(e.fd));
            const qsizetype q = e.path.indexOf(u'?');
            req.setProperty(QStringLiteral("path"), q < 0 ? e.path : e.path.left(q));
            QJSValue query = js.newObject();
            if (q >= 0) {
                const auto items = QUrlQuery(e.path.mid(q + 1)).queryItems(QUrl::FullyDecoded);
                for (const auto &[key, value] : items)
                    query.setProperty(key, value);
            }
            req.setProperty(QStringLiteral("query"), query);
            QJSValue headers = js.newObject();
            const QList<QByteArray> lines = e.data.split('\n');
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon > 0) {
                    headers.setProperty(QString::fromLatin1(line.left(colon).trimmed().toLower()),
                        QString::fromUtf8(line.mid(colon + 1).trimmed()));
                }
            }
            req.setProperty(QStringLiteral("headers"), headers);
            req.setProperty(QStringLiteral("name"), e.name);
            req.setProperty(QStringLiteral("address"), e.address);
            req.setProperty(QStringLiteral("subprotocol"), e.subprotocol);
            const QJSValue open = m_engine->open;
            call(js, m_fileName, tr("the open handler (client %1)").arg(e.fd), [&] { return open.call({req}); });
            break;
        }
        case ScriptEvent::Kind::Message: {
            if (!m_engine || !m_engine->api->m_handlers.message)
                break;
            QJSEngine &js = m_engine->engine;
            const QJSValue data = e.binary ? js.toScriptValue(e.data) : QJSValue(e.text);
            const QJSValue message = m_engine->message;
            call(js, m_fileName, tr("the message handler (client %1)").arg(e.fd), [&] {
                return message.call({QJSValue(double(e.fd)), data, QJSValue(e.binary ? 2 : 1)});
            });
            break;
        }
        case ScriptEvent::Kind::Close:
            m_open.erase(e.fd);
            if (m_engine && m_engine->api->m_handlers.close) {
                const QJSValue close = m_engine->close;
                call(m_engine->engine, m_fileName, tr("the close handler (client %1)").arg(e.fd), [&] {
                    return close.call({QJSValue(double(e.fd)), QJSValue(e.code), QJSValue(e.text)});
                });
            }
            break;
        }
    }
    flush();
}

void ScriptHost::queue(ScriptAction &&action)
{
    m_pending.append(std::move(action));
    if (m_pending.size() >= FlushEvery)
        flush();
}

void ScriptHost::flush()
{
    if (m_pending.isEmpty())
        return;
    Q_EMIT actions(std::exchange(m_pending, {}));
}

void ScriptHost::log(int level, const QString &text)
{
    const qint64 t = now();
    if (t - m_logWindowStart >= 1000) {
        if (m_logDropped > 0) {
            ScriptAction notice;
            notice.kind = ScriptAction::Kind::Log;
            notice.code = 1;
            notice.text = tr("%n console line(s) not shown: more than %1 a second", nullptr, int(m_logDropped))
                              .arg(MaxLogLinesPerSecond);
            m_pending.append(notice);
            m_logDropped = 0;
        }
        m_logWindowStart = t;
        m_logLines = 0;
    }
    if (++m_logLines > MaxLogLinesPerSecond) {
        ++m_logDropped;
        return;
    }
    ScriptAction action;
    action.kind = ScriptAction::Kind::Log;
    action.code = level;
    action.text = text.left(4096);
    queue(std::move(action));
}

} // namespace Duplex

#include "scripthost.moc"
