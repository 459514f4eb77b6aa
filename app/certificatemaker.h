#pragma once

#include <QObject>
#include <QPointer>
#include <QProcess>

namespace Duplex {

// Makes a self-signed certificate for localhost with the openssl command, off the GUI thread (QProcess):
// finished() gives the certificate and key files, or an error.
class CertificateMaker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CertificateMaker)

public:
    explicit CertificateMaker(QObject *parent = nullptr);
    ~CertificateMaker() override;

    // Writes cert.pem and key.pem (mode 0600) into folder, valid for localhost, 127.0.0.1 and ::1.
    void make(const QString &folder);
    bool isRunning() const { return m_process != nullptr; }

    // Where the desktop app keeps the certificate it made: the app data folder's tls/.
    static QString defaultFolder();
    // How to make a browser and the system trust the certificate, for the operator.
    static QString trustInstructions(const QString &certificateFile);

Q_SIGNALS:
    void finished(const QString &certificateFile, const QString &keyFile, const QString &error);

private:
    QPointer<QProcess> m_process;
};

} // namespace Duplex
