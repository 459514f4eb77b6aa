#include "boundedregex.h"

#define PCRE2_CODE_UNIT_WIDTH 16
#include <pcre2.h>

namespace Duplex {

struct BoundedRegex::Code
{
    pcre2_code *code = nullptr;
    ~Code() { pcre2_code_free(code); }
};

namespace {

// Match data and the bounded match context are per thread: pcre2_match() writes to both.
struct ThreadState
{
    pcre2_match_context *context = pcre2_match_context_create(nullptr);
    pcre2_match_data *data = pcre2_match_data_create(10, nullptr); // the whole match and groups 1…9
    ThreadState()
    {
        pcre2_set_match_limit(context, BoundedRegex::MatchLimit);
        pcre2_set_depth_limit(context, 10'000);
        pcre2_set_heap_limit(context, 4 * 1024); // KiB
    }
    ~ThreadState()
    {
        pcre2_match_data_free(data);
        pcre2_match_context_free(context);
    }
    Q_DISABLE_COPY_MOVE(ThreadState)
};

ThreadState &threadState()
{
    thread_local ThreadState state;
    return state;
}

} // namespace

BoundedRegex::~BoundedRegex() = default;

std::shared_ptr<const BoundedRegex> BoundedRegex::compile(const QString &pattern, QString *error)
{
    int errorCode = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code *code = pcre2_compile(reinterpret_cast<PCRE2_SPTR16>(pattern.utf16()), PCRE2_SIZE(pattern.size()),
        PCRE2_UTF, &errorCode, &offset, nullptr);
    if (!code) {
        PCRE2_UCHAR16 buffer[256];
        const int length = pcre2_get_error_message(errorCode, buffer, sizeof buffer / sizeof buffer[0]);
        if (error) {
            *error = QString::fromUtf16(reinterpret_cast<const char16_t *>(buffer), length > 0 ? length : 0)
                + QStringLiteral(" (at %1)").arg(qulonglong(offset));
        }
        return nullptr;
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); // without JIT (not built in) the interpreter honours the same bound
    std::shared_ptr<BoundedRegex> regex(new BoundedRegex);
    regex->m_code = std::make_unique<Code>();
    regex->m_code->code = code;
    regex->m_pattern = pattern;
    uint32_t count = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &count);
    regex->m_captureCount = int(count);
    return regex;
}

BoundedRegex::Result BoundedRegex::match(const QString &subject, QStringList *captures) const
{
    ThreadState &state = threadState();
    const auto *units = reinterpret_cast<PCRE2_SPTR16>(subject.utf16());
    const int rc = pcre2_match(m_code->code, units, PCRE2_SIZE(subject.size()), 0, 0, state.data, state.context);
    if (rc == PCRE2_ERROR_NOMATCH)
        return Result::NoMatch;
    if (rc < 0)
        return Result::CutOff; // match, depth or heap limit, JIT stack: the bound did its job
    if (captures) {
        captures->clear();
        const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(state.data);
        const int filled = rc == 0 ? 10 : rc; // 0: more groups than the match data holds
        const int groups = std::min(m_captureCount, 9);
        for (int i = 1; i <= groups; ++i) {
            const PCRE2_SIZE start = ovector[2 * i];
            const PCRE2_SIZE end = ovector[2 * i + 1];
            if (i >= filled || start == PCRE2_UNSET)
                captures->append(QString());
            else
                captures->append(subject.mid(qsizetype(start), qsizetype(end - start)));
        }
    }
    return Result::Match;
}

} // namespace Duplex
