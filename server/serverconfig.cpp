#include "serverconfig.h"

#include <QCoreApplication>

namespace Duplex {

QString modeName(Mode mode)
{
    switch (mode) {
    case Mode::Echo:
        return QStringLiteral("echo");
    case Mode::Broadcast:
        return QStringLiteral("broadcast");
    case Mode::Raw:
        return QStringLiteral("raw");
    }
    return {};
}

std::optional<Mode> modeFromName(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    if (lower == u"echo")
        return Mode::Echo;
    if (lower == u"broadcast")
        return Mode::Broadcast;
    if (lower == u"raw")
        return Mode::Raw;
    return std::nullopt;
}

QString engineName(Engine engine)
{
    return engine == Engine::Qt ? QStringLiteral("qt") : QStringLiteral("native");
}

std::optional<Engine> engineFromName(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    if (lower == u"native")
        return Engine::Native;
    if (lower == u"qt")
        return Engine::Qt;
    return std::nullopt;
}

QString defaultReplyTemplate()
{
    return QCoreApplication::translate("Duplex::Server", "I am the server. I received your message. You said: {text}");
}

} // namespace Duplex
