# `cpack -G DEB` in a build directory: the .deb of everything `cmake --install` installs
# (scripts/package-deb.sh, packaging/README.md). Included by the top-level CMakeLists after the install rules.
set(CPACK_PACKAGE_NAME agentmeter)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The AgentMeter developers")
set(CPACK_PACKAGE_CONTACT "The AgentMeter developers <agentmeter@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "where the tokens, time and money of your AI coding agents go")
# One string: separate arguments would be joined with ";".
set(CPACK_PACKAGE_DESCRIPTION "AgentMeter reads the session logs of Claude Code, Codex, OpenCode, \
OpenClaw and Gemini CLI, prices every request and keeps what it learns in a local SQLite database. It \
shows the figures in a desktop window with a tray icon for budgets, on the command line (agentmeter \
report) and through a local REST and Server-Sent-Events API (agentmeter serve).")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/agentmeter/agentmeter")

# The package installs below /usr; the release preset configures the same prefix, so paths that are
# written into installed files (the systemd unit's ExecStart) agree with where the files land.
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${CPACK_PACKAGE_CONTACT})
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# dpkg-shlibdeps (package dpkg-dev) turns the linked Qt, SQLite, zstd and simdjson libraries into Depends;
# libqt6gui6 carries the xcb platform plugin the window needs.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# agentmeter_<version>_<arch>.deb
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)

include(CPack)
