# Settings every Duplex target shares (qBittorrent's CommonConfig pattern).
add_library(duplex_common INTERFACE)
target_compile_features(duplex_common INTERFACE cxx_std_20)
target_compile_definitions(duplex_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    DUPLEX_VERSION="${PROJECT_VERSION}")
target_compile_options(duplex_common INTERFACE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
if(DUPLEX_WERROR)
    target_compile_options(duplex_common INTERFACE -Werror)
endif()

set(DUPLEX_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")
# Debian's hardening for a network server (lintian checks the packaged programs): checked buffer functions where
# the optimiser can see sizes, and relocations read-only before main(). Sanitizer builds bring their own checks.
if(NOT DUPLEX_SANITIZE)
    target_compile_options(duplex_common INTERFACE $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>
        -fstack-protector-strong)
    target_link_options(duplex_common INTERFACE LINKER:-z,relro LINKER:-z,now)
endif()
if(DUPLEX_SANITIZE)
    target_compile_options(duplex_common INTERFACE -fsanitize=${DUPLEX_SANITIZE} -fno-omit-frame-pointer)
    target_link_options(duplex_common INTERFACE -fsanitize=${DUPLEX_SANITIZE})
endif()
