// duplex: the Duplex desktop application.
#include "mainwindow.h"
#include "resourcelimits.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>

#include <csignal>
#include <cstdio>

using namespace Duplex;

namespace {

class AppCommandLine
{
    Q_DECLARE_TR_FUNCTIONS(AppCommandLine)

public:
    static QString parse(const QStringList &arguments, MainWindow::Overrides &overrides);
};

QString AppCommandLine::parse(const QStringList &arguments, MainWindow::Overrides &overrides)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Duplex: a WebSocket chat server you can watch."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption host(QStringLiteral("host"), tr("Address to listen on for this run."), tr("address"));
    const QCommandLineOption port(
        QStringLiteral("port"), tr("Port to listen on for this run (0 picks a free one)."), tr("port"));
    const QCommandLineOption mode(QStringLiteral("mode"), tr("echo, broadcast or raw, for this run."), tr("mode"));
    const QCommandLineOption lang(QStringLiteral("lang"), tr("Language: en or zh_CN."), tr("language"));
    parser.addOptions({host, port, mode, lang});
    parser.process(arguments);
    if (parser.isSet(host)) {
        QHostAddress address;
        const QString text = parser.value(host);
        if (text == u"localhost")
            address = QHostAddress::LocalHost;
        else if (!address.setAddress(text))
            return tr("Invalid address \"%1\".").arg(text);
        overrides.host = address;
    }
    if (parser.isSet(port)) {
        bool ok = false;
        const uint value = parser.value(port).toUInt(&ok);
        if (!ok || value > 65535)
            return tr("Invalid port \"%1\": give a number from 0 to 65535.").arg(parser.value(port));
        overrides.port = quint16(value);
    }
    if (parser.isSet(mode)) {
        const auto parsed = modeFromName(parser.value(mode));
        if (!parsed)
            return tr("Invalid mode \"%1\": use echo, broadcast or raw.").arg(parser.value(mode));
        overrides.mode = *parsed;
    }
    return {};
}

QString languageArgument(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--lang") == 0)
            return QString::fromLocal8Bit(argv[i + 1]);
    }
    return {};
}

// --help and --version print and exit: they must work without a display, so they get no QApplication.
bool onlyPrints(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *option : {"-h", "--help", "--help-all", "-?", "-v", "--version"}) {
            if (qstrcmp(argv[i], option) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (onlyPrints(argc, argv)) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("duplex"));
        QCoreApplication::setApplicationVersion(QStringLiteral(DUPLEX_VERSION));
        const QString language = languageArgument(argc, argv);
        installTranslations(language.isEmpty() ? QLocale::system() : QLocale(language));
        MainWindow::Overrides overrides;
        AppCommandLine::parse(QCoreApplication::arguments(), overrides); // prints and exits
        return 0;
    }
    std::signal(SIGPIPE, SIG_IGN);
    raiseFileDescriptorLimit();
    tuneMemoryAllocator();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("duplex"));
    QApplication::setApplicationDisplayName(QStringLiteral("Duplex"));
    QApplication::setOrganizationName(QStringLiteral("Duplex"));
    QApplication::setApplicationVersion(QStringLiteral(DUPLEX_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.duplex.Duplex"));

    QString language = languageArgument(argc, argv);
    if (language.isEmpty())
        language = QSettings().value(QStringLiteral("ui/language")).toString();
    installTranslations(language.isEmpty() ? QLocale::system() : QLocale(language));

    MainWindow::Overrides overrides;
    const QString error = AppCommandLine::parse(QApplication::arguments(), overrides);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "duplex: %s\n", qPrintable(error));
        return 2;
    }
    MainWindow window(overrides);
    if (!languageArgument(argc, argv).isEmpty())
        window.setLanguage(language);
    window.resize(1280, 800);
    window.show();
    window.startServer();
    return QApplication::exec();
}
