#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrl>

namespace Duplex {

// One way another device on the network can open the chat page.
struct LanAddress
{
    QString interfaceName; // eth0, wlp2s0, docker0
    QHostAddress address;
    QUrl url; // the page, with ?token= when the server wants one
    bool isVirtual = false; // a bridge, container or tunnel interface: listed after the real ones
};

// The page's URLs on this computer's network interfaces, for "Open on another device" and duplex-server --qr.
class LanAddresses final
{
public:
    // True when devices other than this computer can connect to a server listening on host.
    static bool reachableFromOtherDevices(const QHostAddress &host);

    // For a server on 0.0.0.0 / :: / *: every address of every interface that is up, except loopback and IPv6
    // link-local ones (they need a scope a phone cannot type); for a server on one address: that address. Real
    // interfaces first, IPv4 before IPv6, then virtual ones. Empty for a loopback-only server.
    static QList<LanAddress> forServer(const QHostAddress &host, quint16 port, bool tls, const QString &token);

    // The page's URL at address.
    static QUrl pageUrl(const QHostAddress &address, quint16 port, bool tls, const QString &token);

    // An interface with no device behind it (Linux: /sys/class/net/NAME has no "device"), or one named like a
    // bridge, container or tunnel interface.
    static bool isVirtualInterface(const QString &name);
};

} // namespace Duplex
