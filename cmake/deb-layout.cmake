# CPack pre-build script (CPACK_PRE_BUILD_SCRIPTS): turns the staged `cmake --install` tree into
# Debian's layout before the .deb is made: man pages and the changelog gzip-compressed (-9n, no
# timestamp), the zsh completion in /usr/share/zsh/vendor-completions (Debian's zsh fpath).
file(GLOB_RECURSE staged_man "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/share/man/man1/*.1")
file(GLOB_RECURSE staged_changelog "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/share/doc/ssoctl/changelog")
foreach(f ${staged_man} ${staged_changelog})
  execute_process(COMMAND gzip -9nf "${f}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip ${f} failed")
  endif()
endforeach()
file(GLOB_RECURSE staged_zsh "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/share/zsh/site-functions/_ssoctl")
foreach(f ${staged_zsh})
  get_filename_component(share "${f}" DIRECTORY)
  get_filename_component(share "${share}" DIRECTORY)
  file(MAKE_DIRECTORY "${share}/vendor-completions")
  file(RENAME "${f}" "${share}/vendor-completions/_ssoctl")
  file(REMOVE_RECURSE "${share}/site-functions")
endforeach()
