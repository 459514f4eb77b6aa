# Man pages made by help2man from each program's own --help and --version (README "Manual pages"), so they never
# drift from the option tables; bash completion that asks --help too. Both installed.
find_program(DUPLEX_HELP2MAN help2man REQUIRED)
include(GNUInstallDirs)

function(duplex_man_page target name description)
    set(page "${CMAKE_BINARY_DIR}/man/${name}.1")
    add_custom_command(OUTPUT "${page}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/man"
        # English, no display, and no leak report from a sanitizer build's short run.
        COMMAND ${CMAKE_COMMAND} -E env LANG=C LC_ALL=C QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=0
            "${DUPLEX_HELP2MAN}" --no-info --no-discard-stderr "--version-string=${name} ${PROJECT_VERSION}"
            "--name=${description}" --section=1 --output=${page} $<TARGET_FILE:${target}>
        DEPENDS ${target}
        VERBATIM)
    # Installed compressed, as Debian policy asks (gzip -9n: no name or time stamp, the same bytes every build).
    add_custom_command(OUTPUT "${page}.gz"
        COMMAND sh -c "gzip -9n -c \"$0\" > \"$1\"" "${page}" "${page}.gz"
        DEPENDS "${page}"
        VERBATIM)
    add_custom_target(${name}_man ALL DEPENDS "${page}" "${page}.gz")
    install(FILES "${page}.gz" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endfunction()

duplex_man_page(duplex-server duplex-server "WebSocket server with a browser chat page, rules, scripts and faults")
duplex_man_page(duplex-client duplex-client "WebSocket client: interactive, one-shot, load generator and HAR replay")
if(TARGET duplex)
    duplex_man_page(duplex duplex "desktop WebSocket server and client")
endif()
install(FILES "${PROJECT_SOURCE_DIR}/packaging/completion/duplex"
    DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME duplex-server)
install(FILES "${PROJECT_SOURCE_DIR}/packaging/completion/duplex"
    DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME duplex-client)
