// Duplex's own RFC 6455 framing (protocol/wsframing.*), which serves every native ws:// and wss:// connection and the
// client's own transport: what each end writes, and what it reads however the bytes are cut up. tst_badinput checks the
// close code for each broken rule over a real socket; this test checks the frames that are fine.

#include "wsframing.h"

#include <QRandomGenerator>
#include <QStringDecoder>
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
    bool textMessage(const TextMessage &text) override
    {
        seen.append(u"text " + text.text());
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
        // Every length up to 200 (the unmasking goes 64 bytes a step, then 8, then 1), and large ones.
        QList<qsizetype> sizes {1000, 65'535, 70'000};
        for (qsizetype size = 0; size <= 200; ++size)
            sizes.append(size);
        for (const qsizetype size : std::as_const(sizes)) {
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

    void utf8Check_agreesWithQtsDecoder_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("valid");
        QTest::newRow("empty") << QByteArray() << true;
        QTest::newRow("ascii") << QByteArray("hello") << true;
        QTest::newRow("two, three and four bytes") << QByteArray("\xc3\xa9 \xe4\xbd\xa0 \xf0\x9f\x98\x80") << true;
        QTest::newRow("bom") << QByteArray("\xef\xbb\xbfx") << true;
        QTest::newRow("last code point") << QByteArray("\xf4\x8f\xbf\xbf") << true;
        QTest::newRow("past U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false;
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false;
        QTest::newRow("last before surrogates") << QByteArray("\xed\x9f\xbf") << true;
        QTest::newRow("overlong two") << QByteArray("\xc0\xaf") << false;
        QTest::newRow("overlong three") << QByteArray("\xe0\x80\xaf") << false;
        QTest::newRow("overlong four") << QByteArray("\xf0\x80\x80\xaf") << false;
        QTest::newRow("lone continuation") << QByteArray("a\x80"
                                                         "b")
                                           << false;
        QTest::newRow("cut short") << QByteArray("ab\xe4\xbd") << false;
        QTest::newRow("f5") << QByteArray("\xf5\x80\x80\x80") << false;
        QTest::newRow("ff") << QByteArray("\xff") << false;
        // The 16-byte ASCII steps: a bad byte at every place of a long run, and a good character after one.
        const QByteArray run(40, 'a');
        for (qsizetype at = 0; at < run.size(); at += 7) {
            QByteArray bad = run;
            bad[at] = char(0x80);
            QTest::addRow("bad byte at %lld of 40", qlonglong(at)) << bad << false;
            QTest::addRow("good character at %lld of 40", qlonglong(at))
                << QByteArray(run).insert(at, "\xe4\xbd\xa0") << true;
        }
    }

    void utf8Check_agreesWithQtsDecoder()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, valid);
        QCOMPARE(isValidUtf8(bytes), valid);
        QStringDecoder decoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
        const QString decoded = decoder.decode(bytes); // decodes when made a QString
        QCOMPARE(!decoder.hasError(), valid);
    }

    void utf8Check_agreesWithQtsDecoderOnRandomBytes()
    {
        // Short strings of bytes that are mostly the interesting ones: lead bytes, continuation bytes, ASCII.
        static const quint8 alphabet[] = {'a', 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0,
            0xe1, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff};
        QRandomGenerator random(17);
        for (int i = 0; i < 200'000; ++i) {
            QByteArray bytes(random.bounded(1, 7), Qt::Uninitialized);
            for (char &b : bytes)
                b = char(alphabet[random.bounded(int(sizeof alphabet))]);
            QStringDecoder decoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
            const QString decoded = decoder.decode(bytes); // decodes when made a QString
            if (isValidUtf8(bytes) == decoder.hasError())
                QFAIL(qPrintable(QString::fromLatin1(bytes.toHex(' '))));
        }
    }

    void textMessages_keepTheirBytesAndDecodeOnce()
    {
        const QByteArray utf8("\xef\xbb\xbf\xe4\xbd\xa0\xe5\xa5\xbd");
        const TextMessage fromBytes {QByteArrayView(utf8)};
        QCOMPARE(fromBytes.utf8().constData(), utf8.constData()); // the bytes as they came, not a copy
        QCOMPARE(fromBytes.text(), QString(QChar(0xfeff)) + QStringLiteral("你好")); // a BOM stays part of the text
        const QString text = QStringLiteral("你好");
        const TextMessage fromText {text};
        QCOMPARE(fromText.utf8(), QByteArrayView("\xe4\xbd\xa0\xe5\xa5\xbd"));
        QCOMPARE(fromText.text(), text);
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
