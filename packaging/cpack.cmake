# The Debian package: `cpack -G DEB` in the build folder (tools/sluice-setup package).
set(CPACK_PACKAGE_NAME sluice)
set(CPACK_PACKAGE_VENDOR "The Sluice developers")
set(CPACK_PACKAGE_CONTACT "The Sluice developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "Sluice serves files over HTTP/1.1 to every device on the local network: browsers, phones,\n"
    "curl, wget and download managers. Drop a file on the window to get a link per local\n"
    "address with a QR code, and watch each transfer live. Ranges, resume, conditional\n"
    "requests and keep-alive work as clients expect, and hundreds of clients share one thread\n"
    "fairly. A headless mode serves from the command line.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies come from the binary (dpkg-shlibdeps); the window also needs Qt's
# platform plugins, which no library links.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
# Sluice's own translations are in the binary; Qt's (standard buttons, --help) come from here.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "curl")
include(CPack)
