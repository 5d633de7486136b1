# Fails when the committed translations are not current: lupdate is run on the sources into
# copies of the .ts files, which must come out unchanged (no new, changed or vanished message),
# and no message may be unfinished. Fix with `cmake --build build --target update_translations`,
# then translate what it marked unfinished (Qt Linguist, or the .ts file itself).
#
#   cmake -DLUPDATE=... -DSOURCES_LIST=... -DFULL_TS=... -DPLURALS_TS=... -DWORK_DIR=...
#         "-DOPTIONS=-locations|none|-no-obsolete" -P translations-current.cmake
# (lists '|'-separated; FULL_TS may name several complete translations)
foreach(variable LUPDATE SOURCES_LIST FULL_TS PLURALS_TS WORK_DIR OPTIONS)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "translations-current.cmake needs -D${variable}=...")
    endif()
endforeach()

string(REPLACE "|" ";" OPTIONS "${OPTIONS}")
string(REPLACE "|" ";" FULL_TS "${FULL_TS}")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(problems "")

function(check_ts committed extra_options)
    get_filename_component(name "${committed}" NAME)
    set(copy "${WORK_DIR}/${name}")
    file(COPY_FILE "${committed}" "${copy}")
    execute_process(
        COMMAND "${LUPDATE}" ${OPTIONS} ${extra_options} "@${SOURCES_LIST}" -ts "${copy}"
        RESULT_VARIABLE result
        OUTPUT_VARIABLE output
        ERROR_VARIABLE output)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "lupdate failed on ${name}:\n${output}")
    endif()
    file(READ "${committed}" before)
    file(READ "${copy}" after)
    if(NOT before STREQUAL after)
        execute_process(COMMAND diff -u "${committed}" "${copy}" OUTPUT_VARIABLE difference)
        string(APPEND problems "${name} is not current with the sources:\n${difference}\n")
    endif()
    foreach(mark "type=\"unfinished\"" "type=\"vanished\"" "type=\"obsolete\"")
        string(REGEX MATCHALL "${mark}" found "${after}")
        list(LENGTH found count)
        if(count GREATER 0)
            string(APPEND problems "${name}: ${count} message(s) marked ${mark}\n")
        endif()
    endforeach()
    set(problems "${problems}" PARENT_SCOPE)
endfunction()

foreach(ts IN LISTS FULL_TS)
    check_ts("${ts}" "")
endforeach()
check_ts("${PLURALS_TS}" "-pluralonly")

if(problems)
    message(FATAL_ERROR "${problems}Run: cmake --build build --target update_translations, "
                        "then translate every unfinished message.")
endif()
message(STATUS "translations are current and complete")
