# Warnings and Qt string-safety defines for every target of the project (architecture.md §8).
add_compile_options(-Wall -Wextra -Wpedantic)
add_compile_definitions(
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
)
if(AGENTMETER_WERROR)
    add_compile_options(-Werror)
endif()
