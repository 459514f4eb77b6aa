#include "certificatemaker.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QStandardPaths>

#include <sys/stat.h>

namespace Duplex {

CertificateMaker::CertificateMaker(QObject *parent) : QObject(parent)
{ }

CertificateMaker::~CertificateMaker()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

QString CertificateMaker::defaultFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/tls");
}

QString CertificateMaker::trustInstructions(const QString &certificateFile)
{
    return tr("Browsers warn about a self-signed certificate until you trust it. Either open the page once and "
              "accept the warning, or trust the certificate:\n"
              "• Chromium and Chrome: Settings → Privacy and security → Security → Manage certificates → "
              "Authorities → Import %1\n"
              "• Firefox: Settings → Privacy & Security → Certificates → View Certificates → Authorities → Import\n"
              "• Debian, for the whole system: sudo cp %1 /usr/local/share/ca-certificates/duplex-localhost.crt "
              "&& sudo update-ca-certificates\n"
              "• duplex-client: add --insecure.")
        .arg(certificateFile);
}

void CertificateMaker::make(const QString &folder)
{
    if (m_process)
        return;
    if (!QDir().mkpath(folder)) {
        Q_EMIT finished({}, {}, tr("Cannot create the folder %1.").arg(folder));
        return;
    }
    const QString certificate = folder + QStringLiteral("/cert.pem");
    const QString key = folder + QStringLiteral("/key.pem");
    auto *process = new QProcess(this);
    m_process = process;
    process->setProcessChannelMode(QProcess::MergedChannels);
    // A new key file must never be readable by others, even for the moment before openssl would chmod it.
    process->setChildProcessModifier([] { ::umask(077); });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        process->deleteLater();
        Q_EMIT finished({}, {},
            tr("Cannot run openssl (%1). Install it with: sudo apt-get install openssl").arg(process->errorString()));
    });
    connect(process, &QProcess::finished, this,
        [this, process, certificate, key](int exitCode, QProcess::ExitStatus status) {
            process->deleteLater();
            const QString output = QString::fromLocal8Bit(process->readAll()).trimmed();
            if (status != QProcess::NormalExit || exitCode != 0) {
                Q_EMIT finished({}, {}, tr("openssl failed: %1").arg(output.right(400)));
                return;
            }
            QFile file(certificate);
            if (!file.open(QIODevice::ReadOnly) || QSslCertificate::fromData(file.readAll(), QSsl::Pem).isEmpty()) {
                Q_EMIT finished({}, {}, tr("openssl wrote no usable certificate to %1.").arg(certificate));
                return;
            }
            QFile::setPermissions(key, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            Q_EMIT finished(certificate, key, {});
        });
    process->start(QStringLiteral("openssl"),
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
            QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
            QStringLiteral("-days"), QStringLiteral("825"), QStringLiteral("-subj"),
            QStringLiteral("/CN=localhost/O=Duplex"), QStringLiteral("-addext"),
            QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"), QStringLiteral("-keyout"), key,
            QStringLiteral("-out"), certificate});
}

} // namespace Duplex
