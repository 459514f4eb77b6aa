#pragma once

#include <QString>
#include <QStringList>

#include <memory>

namespace Duplex {

// A Perl-compatible regular expression (PCRE2, JIT-compiled) whose matching has a bound on work: a pattern that
// backtracks catastrophically (^(a+)+$ against "aaaa…b") gives up after MatchLimit steps instead of stalling the
// network thread. QRegularExpression neither lets us set that bound nor says when it was reached.
// Immutable once made: one instance may be used from several threads at once.
class BoundedRegex final
{
public:
    // Steps of backtracking before a match gives up (PCRE2 match limit); a few milliseconds of work at most.
    static constexpr unsigned MatchLimit = 200'000;

    enum class Result { NoMatch, Match, CutOff };

    // Null with *error set when the pattern does not compile.
    static std::shared_ptr<const BoundedRegex> compile(const QString &pattern, QString *error);
    ~BoundedRegex();
    Q_DISABLE_COPY_MOVE(BoundedRegex)

    // On Match, captures holds group 1, 2 … (at most 9; an unset group is an empty string).
    Result match(const QString &subject, QStringList *captures = nullptr) const;
    int captureCount() const { return m_captureCount; }
    QString pattern() const { return m_pattern; }

private:
    BoundedRegex() = default;
    struct Code;
    std::unique_ptr<Code> m_code;
    QString m_pattern;
    int m_captureCount = 0;
};

} // namespace Duplex
