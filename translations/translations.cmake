# The window's translations (qt-notes.md §7): English source strings, agentmeter_<lang>.ts here, compiled
# into amdesktop (so tests that link it can load them) at :/i18n/agentmeter_<lang>.qm. Qt 6.4's lupdate scans only the SOURCES it is given, so
# every library with user-visible strings is listed; its sources are collected from the targets, so new
# files are picked up without touching this list.
# Update the .ts files after changing strings: cmake --build --preset dev --target update_translations
set(AGENTMETER_TRANSLATED_TARGETS ammodels amviews amdesktop)
if(TARGET amtray)
    list(APPEND AGENTMETER_TRANSLATED_TARGETS amtray)
endif()
set(translated_sources)
foreach(target IN LISTS AGENTMETER_TRANSLATED_TARGETS)
    get_target_property(sources ${target} SOURCES)
    get_target_property(dir ${target} SOURCE_DIR)
    foreach(source IN LISTS sources)
        if(source MATCHES "\\.(cpp|h)$")
            if(NOT IS_ABSOLUTE "${source}")
                set(source "${dir}/${source}")
            endif()
            list(APPEND translated_sources "${source}")
        endif()
    endforeach()
endforeach()
# The few strings of core/ the window shows (labels made by its queries and budget texts).
file(GLOB core_window_sources CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/core/snapshots/*.cpp ${PROJECT_SOURCE_DIR}/core/budgets/*.cpp)
list(APPEND translated_sources ${core_window_sources})
qt_add_translations(amdesktop
    TS_FILES ${PROJECT_SOURCE_DIR}/translations/agentmeter_de.ts
    SOURCES ${translated_sources}
    LUPDATE_OPTIONS -no-obsolete -locations none
)
