// Duplex's own RFC 6455 framing (protocol/wsframing.*), which serves every native ws:// and wss:// connection and the
// client's own transport: what each end writes, and what it reads however the bytes are cut up. tst_badinput checks the
// close code for each broken rule over a real socket; this test checks the frames that are fine.

#include "wsframing.h"

#include <QTest>
#include <QtEndian>

#include <cstring>

using namespace Duplex;
using namespace Duplex::WsFraming;

namespace {

// A masked client frame.
QByteArray clientFrame(quint8 first, const QByteArray &payload)
{
    QByteArray f(1, char(first));
    const qsizetype n = payload.size();
    if (n < 126) {
        f += char(0x80 | n);
    } else if (n <= 0xffff) {
        f += char(0x80 | 126);
        f += char(n >> 8);
        f += char(n & 0xff);
    } else {
        f += char(0x80 | 127);
        char be[8];
        qToBigEndian(quint64(n), be);
        f += QByteArray(be, 8);
    }
    const QByteArray mask("\x9a\x01\xfe\x37", 4);
    f += mask;
    for (qsizetype i = 0; i < n; ++i)
        f += char(payload.at(i) ^ mask.at(i % 4));
    return f;
}

// Writes down what a parser reports.
class Recorder final : public FrameParser::Sink
{
public:
    bool textMessage(const QString &text) override
    {
        seen.append(u"text " + text);
        return true;
    }
    bool binaryMessage(QByteArrayView data) override
    {
        seen.append(u"binary " + QString::fromLatin1(data.toByteArray().toHex()));
        return true;
    }
    bool ping(QByteArrayView payload) override
    {
        seen.append(u"ping " + QString::fromLatin1(payload.toByteArray()));
        return true;
    }
    bool pong(QByteArrayView payload) override
    {
        seen.append(u"pong " + QString::fromLatin1(payload.toByteArray()));
        return true;
    }
    bool closeFrame(int code, const QString &reason) override
    {
        seen.append(QStringLiteral("close %1 %2").arg(code).arg(reason));
        return false;
    }
    void fail(int code, const QString &reason) override
    {
        seen.append(QStringLiteral("fail %1").arg(code));
        failReason = reason;
    }

    QStringList seen;
    QString failReason;
};

// Feeds `bytes` to a fresh parser in pieces of `chunk` bytes (the last may be shorter).
QStringList parse(const QByteArray &bytes, qsizetype chunk, qint64 maxMessage = 0, qint64 maxFrame = 0)
{
    Recorder recorder;
    FrameParser parser(recorder);
    parser.setLimits(maxMessage, maxFrame);
    QByteArray copy = bytes;
    // Everything is fed, even after feed() said no: once stopped, a parser must read nothing more.
    for (qsizetype at = 0; at < copy.size(); at += chunk)
        parser.feed(copy.data() + at, std::min(chunk, copy.size() - at));
    return recorder.seen;
}

} // namespace

class TestWsFraming final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptKey_matchesTheRfcExample()
    {
        // RFC 6455 1.3
        QCOMPARE(WsFraming::acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    }

    void serverFrames_useTheShortestLength_data()
    {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("headerSize");
        QTest::newRow("empty") << 0 << 2;
        QTest::newRow("125") << 125 << 2;
        QTest::newRow("126") << 126 << 4;
        QTest::newRow("65535") << 65535 << 4;
        QTest::newRow("65536") << 65536 << 10;
    }

    void serverFrames_useTheShortestLength()
    {
        QFETCH(int, length);
        QFETCH(int, headerSize);
        const QString text(length, u'x');
        QByteArray out("before");
        appendTextFrame(out, text);
        QCOMPARE(out.size(), 6 + headerSize + length);
        QVERIFY(out.startsWith("before\x81"));
        const auto b1 = quint8(out.at(7));
        QCOMPARE(b1 & 0x80, 0); // a server does not mask
        if (headerSize == 2)
            QCOMPARE(int(b1), length);
        else if (headerSize == 4)
            QCOMPARE(int(qFromBigEndian<quint16>(out.constData() + 8)), length);
        else
            QCOMPARE(qFromBigEndian<quint64>(out.constData() + 8), quint64(length));
        QCOMPARE(out.sliced(6 + headerSize), text.toUtf8());

        QByteArray binary;
        appendFrame(binary, Binary, QByteArray(length, 'b'));
        QCOMPARE(binary.size(), headerSize + length);
        QCOMPARE(quint8(binary.at(0)), quint8(0x82));
    }

    void textFrames_carryUtf8AsItIs()
    {
        // Chinese (3 bytes a character), an emoji (a surrogate pair) and a leading byte order mark stay as they are.
        const QString text = QStringLiteral("\uFEFF你好，世界 😀");
        QByteArray out;
        appendTextFrame(out, text);
        QCOMPARE(out.sliced(2), text.toUtf8());
        QCOMPARE(int(out.at(1)), int(text.toUtf8().size()));
    }

    void closePayload_cutsTheReasonOnACharacterBoundary()
    {
        const QByteArray payload = closePayload(4000, QString(60, u'好')); // 180 bytes of UTF-8
        QCOMPARE(qFromBigEndian<quint16>(payload.constData()), quint16(4000));
        QVERIFY(payload.size() <= 125);
        QCOMPARE(payload.size(), 2 + 41 * 3);
        QCOMPARE(QString::fromUtf8(payload.sliced(2)), QString(41, u'好'));
    }

    void parser_readsFramesHoweverTheyAreCut_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("expected");
        const QByteArray chinese = QStringLiteral("你好").toUtf8();
        QTest::newRow("two texts") << (clientFrame(0x81, "hello") + clientFrame(0x81, "world"))
                                   << QStringList {QStringLiteral("text hello"), QStringLiteral("text world")};
        QTest::newRow("empty text") << clientFrame(0x81, {}) << QStringList {QStringLiteral("text ")};
        QTest::newRow("binary") << clientFrame(0x82, QByteArray("\x00\xff\x10", 3))
                                << QStringList {QStringLiteral("binary 00ff10")};
        QTest::newRow("fragments with a ping between them, a character split across them")
            << (clientFrame(0x01, "ab" + chinese.left(2)) + clientFrame(0x89, "p") + clientFrame(0x00, chinese.mid(2))
                   + clientFrame(0x80, "!"))
            << QStringList {QStringLiteral("ping p"), QStringLiteral("text ab你好!")};
        QTest::newRow("16-bit length") << clientFrame(0x82, QByteArray(300, '\x01'))
                                       << QStringList {u"binary " + QStringLiteral("01").repeated(300)};
        QTest::newRow("64-bit length") << clientFrame(0x81, QByteArray(70'000, 'z'))
                                       << QStringList {u"text " + QString(70'000, u'z')};
        QTest::newRow("byte order mark kept")
            << clientFrame(0x81, QByteArray("\xef\xbb\xbfhi")) << QStringList {QStringLiteral("text \uFEFFhi")};
        QTest::newRow("pong") << clientFrame(0x8a, "abc") << QStringList {QStringLiteral("pong abc")};
        QTest::newRow("close with code and reason, nothing read after it")
            << (clientFrame(0x88, QByteArray("\x0f\xa0") + "bye 再见") + clientFrame(0x81, "late"))
            << QStringList {QStringLiteral("close 4000 bye 再见")};
        QTest::newRow("close without a code") << clientFrame(0x88, {}) << QStringList {QStringLiteral("close 1005 ")};
    }

    void parser_readsFramesHoweverTheyAreCut()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, expected);
        for (const qsizetype chunk : {bytes.size(), qsizetype(1), qsizetype(2), qsizetype(7), qsizetype(4096)})
            QCOMPARE(parse(bytes, chunk), expected);
    }

    void parser_limitsFramesAndMessages()
    {
        // At the limit is fine, one byte over is 1009, before the payload has arrived.
        QCOMPARE(parse(clientFrame(0x81, QByteArray(100, 'a')), 4096, 100, 100),
            QStringList {u"text " + QString(100, u'a')});
        QCOMPARE(parse(clientFrame(0x81, QByteArray(101, 'a')).left(20), 4096, 1000, 100),
            QStringList {QStringLiteral("fail 1009")});
        QCOMPARE(parse(clientFrame(0x01, QByteArray(60, 'a')) + clientFrame(0x80, QByteArray(60, 'b')), 4096, 100, 100),
            QStringList {QStringLiteral("fail 1009")});
        // Nothing is read after a failure.
        QCOMPARE(parse(clientFrame(0x81, "\xff") + clientFrame(0x81, "after"), 4096),
            QStringList {QStringLiteral("fail 1007")});
    }

    void maskedFrames_matchAHandMaskedOneAndReadBack()
    {
        // The client writer: mask bit, key in network order as given, the payload XORed with it.
        for (const qsizetype size : {qsizetype(0), qsizetype(5), qsizetype(125), qsizetype(126), qsizetype(70'000)}) {
            QByteArray payload(size, Qt::Uninitialized);
            for (qsizetype i = 0; i < size; ++i)
                payload[i] = char(i * 7);
            QByteArray frame;
            const QByteArray key("\x9a\x01\xfe\x37", 4);
            quint32 mask;
            std::memcpy(&mask, key.constData(), 4);
            appendMaskedFrame(frame, Binary, payload, mask);
            QCOMPARE(frame, clientFrame(0x82, payload));
            QCOMPARE(parse(frame, 1000), QStringList {u"binary " + QString::fromLatin1(payload.toHex())});
        }
    }

    void parser_ofAClientReadsServerFramesAndRefusesMaskedOnes()
    {
        Recorder recorder;
        FrameParser parser(recorder);
        parser.setLimits(0, 0);
        parser.setReadsServerFrames(true);
        QByteArray bytes;
        appendFrame(bytes, Text, "from the server");
        appendFrame(bytes, Ping, "p");
        bytes += clientFrame(0x81, "masked"); // RFC 6455 5.1: a client must close on a masked frame
        parser.feed(bytes.data(), bytes.size());
        QCOMPARE(recorder.seen,
            (QStringList {
                QStringLiteral("text from the server"), QStringLiteral("ping p"), QStringLiteral("fail 1002")}));
        QCOMPARE(recorder.failReason, QStringLiteral("masked server frame"));
        // And a server's parser refuses the unmasked one.
        QCOMPARE(parse(QByteArray("\x81\x02hi", 4), 100), QStringList {QStringLiteral("fail 1002")});
    }

    void parser_readsTheRestOfALargeFrameIntoItsOwnBuffer()
    {
        // What NativeTransport does: the first piece through feed(), the rest read straight into readSpace().
        QByteArray payload(200'000, Qt::Uninitialized);
        for (qsizetype i = 0; i < payload.size(); ++i)
            payload[i] = char('a' + i % 26);
        QByteArray bytes = clientFrame(0x81, payload) + clientFrame(0x81, "next");
        for (const qsizetype piece : {qsizetype(3), qsizetype(1000), qsizetype(65536)}) {
            Recorder recorder;
            FrameParser parser(recorder);
            parser.setLimits(0, 0);
            QByteArray copy = bytes;
            QVERIFY(parser.feed(copy.data(), piece));
            qsizetype at = piece;
            while (at < copy.size()) {
                qsizetype room = 0;
                char *space = parser.readSpace(room);
                const qsizetype n = std::min<qsizetype>(copy.size() - at, space ? std::min(room, piece) : piece);
                if (space) {
                    std::memcpy(space, copy.constData() + at, std::size_t(n));
                    QVERIFY(parser.feedReadSpace(n));
                } else {
                    QVERIFY(parser.feed(copy.data() + at, n));
                }
                at += n;
            }
            QCOMPARE(
                recorder.seen, (QStringList {u"text " + QString::fromLatin1(payload), QStringLiteral("text next")}));
            qsizetype room = 0;
            QCOMPARE(parser.readSpace(room), nullptr); // nothing pending
        }
    }

    void parser_acceptsTheRegisteredCloseCodes()
    {
        for (int code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999})
            QVERIFY2(FrameParser::isValidCloseCode(code), qPrintable(QString::number(code)));
        for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
            QVERIFY2(!FrameParser::isValidCloseCode(code), qPrintable(QString::number(code)));
    }
};

QTEST_GUILESS_MAIN(TestWsFraming)
#include "tst_wsframing.moc"
