# What a Debian package of Duplex holds beyond the programs (README "Installing the Debian package"), and CPack's
# settings for `cpack -G DEB` (scripts/package). Names follow the app id io.github.duplex.Duplex.
set(DUPLEX_APP_ID io.github.duplex.Duplex)
set(DUPLEX_MAINTAINER "Duplex maintainers <maintainers@users.noreply.r-seed-7c4d1ee6.example>")
# The README's screenshots where the homepage publishes them (software centres fetch them from there).
string(REPLACE "https://github.com/" "https://raw.githubusercontent.com/" DUPLEX_SCREENSHOT_BASE
    "${PROJECT_HOMEPAGE_URL}/main/docs/screenshots")

if(TARGET duplex)
    install(FILES "${PROJECT_SOURCE_DIR}/packaging/${DUPLEX_APP_ID}.desktop"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    configure_file("${PROJECT_SOURCE_DIR}/packaging/${DUPLEX_APP_ID}.metainfo.xml.in"
        "${CMAKE_BINARY_DIR}/packaging/${DUPLEX_APP_ID}.metainfo.xml" @ONLY)
    install(FILES "${CMAKE_BINARY_DIR}/packaging/${DUPLEX_APP_ID}.metainfo.xml"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    # The icon: the SVG, and PNGs drawn from it at build time (rsvg-convert) for menus that want pixels.
    install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/duplex.svg"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ${DUPLEX_APP_ID}.svg)
    find_program(DUPLEX_RSVG_CONVERT rsvg-convert REQUIRED)
    set(icons)
    foreach(size 16 24 32 48 64 128 256 512)
        set(png "${CMAKE_BINARY_DIR}/packaging/icons/${size}x${size}/${DUPLEX_APP_ID}.png")
        add_custom_command(OUTPUT "${png}"
            COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/packaging/icons/${size}x${size}"
            COMMAND "${DUPLEX_RSVG_CONVERT}" -w ${size} -h ${size} -o "${png}"
                "${PROJECT_SOURCE_DIR}/resources/icons/duplex.svg"
            DEPENDS "${PROJECT_SOURCE_DIR}/resources/icons/duplex.svg"
            VERBATIM)
        list(APPEND icons "${png}")
        install(FILES "${png}" DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
    endforeach()
    add_custom_target(duplex_icons ALL DEPENDS ${icons})
endif()

# The headless server as a service; Debian 12 keeps units in /lib/systemd/system (/usr/lib with merged /usr).
install(FILES "${PROJECT_SOURCE_DIR}/packaging/duplex-server.service" DESTINATION lib/systemd/system)

# Debian's documentation files: copyright as it is, the changelog compressed as policy asks (gzip -9n).
set(changelog "${CMAKE_BINARY_DIR}/packaging/changelog.gz")
add_custom_command(OUTPUT "${changelog}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/packaging"
    COMMAND sh -c "gzip -9n -c \"$0\" > \"$1\"" "${PROJECT_SOURCE_DIR}/packaging/debian/changelog" "${changelog}"
    DEPENDS "${PROJECT_SOURCE_DIR}/packaging/debian/changelog"
    VERBATIM)
add_custom_target(duplex_changelog ALL DEPENDS "${changelog}")
install(FILES "${PROJECT_SOURCE_DIR}/packaging/debian/copyright" "${changelog}"
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/duplex)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME duplex)
set(CPACK_PACKAGE_VENDOR "Duplex maintainers")
set(CPACK_PACKAGE_CONTACT "${DUPLEX_MAINTAINER}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "WebSocket server and client you can watch, program and test with")
# Debian wraps nothing: lines of at most 80 characters, "." for an empty line.
set(CPACK_PACKAGE_DESCRIPTION "Duplex serves a browser chat page and WebSocket connections on one port\n\
and shows every connection and frame as it happens. Messages are echoed or\n\
broadcast, answered by rules without code or by JavaScript handlers that\n\
reload while clients stay connected. Faults (latency, drops, refused\n\
handshakes) test how clients cope; sessions are exported and replayed as HAR.\n\
.\n\
The package holds the desktop app (duplex), the headless server\n\
(duplex-server, with a systemd unit) and a command-line client\n\
(duplex-client), in English and Chinese.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${DUPLEX_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Plugins Qt loads at run time, which shlibdeps cannot see: the X11/Wayland platforms, SQLite for the history, SVG
# for the icon.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6sql6-sqlite, libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "redis-server, prometheus")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
