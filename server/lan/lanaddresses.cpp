#include "lanaddresses.h"

#include <QFileInfo>
#include <QNetworkInterface>

#include <algorithm>

namespace Duplex {

bool LanAddresses::reachableFromOtherDevices(const QHostAddress &host)
{
    return !host.isNull() && !host.isLoopback();
}

QUrl LanAddresses::pageUrl(const QHostAddress &address, quint16 port, bool tls, const QString &token)
{
    QUrl url;
    url.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    QHostAddress plain = address;
    plain.setScopeId(QString());
    url.setHost(plain.toString());
    url.setPort(port);
    url.setPath(QStringLiteral("/"));
    if (!token.isEmpty()) {
        // Every byte but the unreserved ones encoded: the page reads it with URLSearchParams, which takes + for a
        // space.
        url.setQuery(QStringLiteral("token=") + QString::fromLatin1(QUrl::toPercentEncoding(token)), QUrl::StrictMode);
    }
    return url;
}

bool LanAddresses::isVirtualInterface(const QString &name)
{
    static const char *const virtualPrefixes[] = {"docker", "br-", "veth", "virbr", "vnet", "vmnet", "vboxnet", "tun",
        "tap", "wg", "zt", "tailscale", "lxc", "lxdbr", "podman", "cni", "flannel", "cali", "kube", "ifb", "dummy"};
    for (const char *prefix : virtualPrefixes) {
        if (name.startsWith(QLatin1StringView(prefix)))
            return true;
    }
#ifdef Q_OS_LINUX
    const QFileInfo sysfs(QStringLiteral("/sys/class/net/") + name);
    if (sysfs.exists())
        return !QFileInfo::exists(sysfs.filePath() + QStringLiteral("/device"));
#endif
    return false;
}

QList<LanAddress> LanAddresses::forServer(const QHostAddress &host, quint16 port, bool tls, const QString &token)
{
    QList<LanAddress> result;
    if (!reachableFromOtherDevices(host))
        return result;
    const bool any = host == QHostAddress::Any;
    const bool anyIPv4 = any || host == QHostAddress::AnyIPv4;
    const bool anyIPv6 = any || host == QHostAddress::AnyIPv6;
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &interface : interfaces) {
        const auto flags = interface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) || flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        const bool isVirtual = interface.type() == QNetworkInterface::Virtual || isVirtualInterface(interface.name());
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            const QHostAddress address = entry.ip();
            if (address.isLoopback() || address.isLinkLocal())
                continue;
            const bool v4 = address.protocol() == QAbstractSocket::IPv4Protocol;
            const bool wanted = (v4 && anyIPv4) || (!v4 && anyIPv6) || address.isEqual(host);
            if (!wanted)
                continue;
            result.append({interface.name(), address, pageUrl(address, port, tls, token), isVirtual});
        }
    }
    // The server listens on one address that no interface lists (e.g. it went away): still say where it is.
    if (!anyIPv4 && !anyIPv6 && result.isEmpty())
        result.append({QString(), host, pageUrl(host, port, tls, token), false});
    std::stable_sort(result.begin(), result.end(), [](const LanAddress &a, const LanAddress &b) {
        const auto rank = [](const LanAddress &x) {
            return int(x.isVirtual) * 2 + int(x.address.protocol() != QAbstractSocket::IPv4Protocol);
        };
        return rank(a) < rank(b);
    });
    return result;
}

} // namespace Duplex
