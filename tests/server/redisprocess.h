#pragma once

// A real redis-server for tests, on a free loopback port, without persistence (Debian package redis-server).
// Stopped when destroyed; start() again after stop() reuses the same port (Redis outage tests).

#include <QByteArray>
#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>

#include <memory>

namespace DuplexTest {

class RedisProcess
{
public:
    RedisProcess() = default;
    RedisProcess(const RedisProcess &) = delete;
    RedisProcess &operator=(const RedisProcess &) = delete;
    ~RedisProcess() { stop(); }

    // Empty when redis-server is not installed (it lives in /usr/sbin on Debian's older layouts).
    static QString binary()
    {
        const QString found = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
        return found.isEmpty()
            ? QStandardPaths::findExecutable(QStringLiteral("redis-server"), {QStringLiteral("/usr/sbin")})
            : found;
    }

    // Starts it in workingDirectory and waits until it accepts connections (10 s at most).
    bool start(const QString &workingDirectory)
    {
        stop();
        if (m_port == 0) {
            QTcpServer probe;
            if (!probe.listen(QHostAddress::LocalHost, 0))
                return false;
            m_port = probe.serverPort();
        }
        m_process = std::make_unique<QProcess>();
        m_process->setWorkingDirectory(workingDirectory);
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->start(binary(),
            {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"), QStringLiteral("no")});
        if (!m_process->waitForStarted(5000))
            return false;
        QByteArray output;
        const QDeadlineTimer deadline(10'000);
        while (!output.contains("Ready to accept connections")) {
            if (deadline.hasExpired() || m_process->state() == QProcess::NotRunning)
                return false;
            m_process->waitForReadyRead(100);
            output += m_process->readAll();
        }
        return true;
    }

    void stop()
    {
        if (!m_process)
            return;
        m_process->terminate();
        if (!m_process->waitForFinished(5000))
            m_process->kill();
        m_process->waitForFinished(5000);
        m_process.reset();
    }

    bool isRunning() const { return m_process != nullptr; }
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1").arg(m_port); }

private:
    quint16 m_port = 0;
    std::unique_ptr<QProcess> m_process;
};

} // namespace DuplexTest
