# Install layout and the .deb (CPack). Relative to the prefix:
#   bin/station, share/station/ (assets/: calibration, programme),
#   lib/udev/rules.d/70-station-plate.rules, lib/systemd/system/station.service,
#   share/doc/station/ (README, LICENSE as copyright).
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

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME station)
set(CPACK_PACKAGE_VENDOR "Calf-raise station")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "force-plate exercise station for Achilles tendinopathy rehabilitation")
set(CPACK_PACKAGE_DESCRIPTION "A dual USB force plate and a screen: live biofeedback for heel raises,
holds and hops, every session's outcomes and raw recording kept, progress
for the physio. Runs as a kiosk on the console: systemctl enable --now station")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Calf-raise station developers <station@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
# useradd/usermod/userdel (passwd) in the maintainer scripts; udev and systemd are optional
set(CPACK_DEBIAN_PACKAGE_DEPENDS "passwd")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_LIST_DIR}/debian/postinst ${CMAKE_CURRENT_LIST_DIR}/debian/prerm
    ${CMAKE_CURRENT_LIST_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
if(CMAKE_CROSSCOMPILING)
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
endif()
include(CPack)
