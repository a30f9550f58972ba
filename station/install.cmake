# Install layout and the .deb (CPack). Relative to the prefix:
#   bin/station, share/station/ (assets/: calibration, programme),
#   lib/udev/rules.d/70-station-plate.rules, lib/systemd/system/station.service,
#   share/doc/station/ (README, LICENSE as copyright, the changelog), share/man/man1/station.1.
# The maintainer and the version come from station/debian/changelog (one source for each).
# The station finds share/station beside its bin/ (station/common/assets.h). For the .deb,
# configure with -DCMAKE_INSTALL_PREFIX=/usr (station/package.sh does).
include(GNUInstallDirs)
set(STATION_UDEV_RULES_DIR "lib/udev/rules.d" CACHE STRING "udev rules folder, relative to the prefix")
set(STATION_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING "systemd unit folder, relative to the prefix")

install(TARGETS station RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/station
        PATTERN "*.rules" EXCLUDE)
# 70-, so that the uaccess tag is seen before 73-seat-late.rules
install(FILES ${CMAKE_SOURCE_DIR}/assets/99-station-plate.rules DESTINATION ${STATION_UDEV_RULES_DIR}
        RENAME 70-station-plate.rules)
set(STATION_BIN ${CMAKE_INSTALL_FULL_BINDIR}/station)
set(STATION_DOC_DIR ${CMAKE_INSTALL_FULL_DOCDIR})
configure_file(${CMAKE_CURRENT_LIST_DIR}/station.service.in ${CMAKE_BINARY_DIR}/station.service @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/station.service DESTINATION ${STATION_SYSTEMD_UNIT_DIR})
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${CMAKE_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)

# The changelog and the manual page, compressed as Debian wants them (gzip -9n: no name, no
# time stamp, so the same bytes from every build).
set(changelog ${CMAKE_CURRENT_LIST_DIR}/debian/changelog)
set(manpage ${CMAKE_CURRENT_LIST_DIR}/station.1)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/changelog.gz
                   COMMAND gzip -9n -c ${changelog} > ${CMAKE_BINARY_DIR}/changelog.gz DEPENDS ${changelog})
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/station.1.gz
                   COMMAND gzip -9n -c ${manpage} > ${CMAKE_BINARY_DIR}/station.1.gz DEPENDS ${manpage})
add_custom_target(station_docs ALL DEPENDS ${CMAKE_BINARY_DIR}/changelog.gz ${CMAKE_BINARY_DIR}/station.1.gz)
install(FILES ${CMAKE_BINARY_DIR}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${CMAKE_BINARY_DIR}/station.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# "station (VERSION) ..." on the first line, " -- NAME <ADDRESS>  DATE" closing the entry
file(STRINGS ${changelog} changelog_top LIMIT_COUNT 1)
file(STRINGS ${changelog} changelog_trailer REGEX "^ -- " LIMIT_COUNT 1)
string(REGEX REPLACE "^station \\(([^)]*)\\).*" "\\1" changelog_version "${changelog_top}")
string(REGEX REPLACE "^ -- (.*>)  .*" "\\1" changelog_maintainer "${changelog_trailer}")
if(NOT changelog_version STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "station/debian/changelog is at ${changelog_version}, the project at ${PROJECT_VERSION}: "
                      "add a changelog entry for the new version")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME station)
set(CPACK_PACKAGE_VENDOR "Calf-raise station")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "force-plate exercise station for Achilles tendinopathy rehabilitation")
set(CPACK_PACKAGE_DESCRIPTION "A dual USB force plate and a screen: live biofeedback for heel raises,
holds and hops, every session's outcomes and raw recording kept, progress
for the physio. Runs as a kiosk on the console: systemctl enable --now station")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${changelog_maintainer}")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
# useradd/usermod/userdel (passwd) in the maintainer scripts; the type (fonts-dejavu-core),
# and for the characters it lacks (Chinese, Japanese and Korean names in the report)
# fonts-wqy-microhei; udev and systemd are optional
set(CPACK_DEBIAN_PACKAGE_DEPENDS "passwd, fonts-dejavu-core, fonts-wqy-microhei")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_LIST_DIR}/debian/postinst ${CMAKE_CURRENT_LIST_DIR}/debian/prerm
    ${CMAKE_CURRENT_LIST_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
if(CMAKE_CROSSCOMPILING)
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
endif()
include(CPack)
