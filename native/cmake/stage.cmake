# Copies liblwp4j.so into DEST and writes DEST/liblwp4j.so.sha256 ("<hex>  liblwp4j.so", as sha256sum does).
file(MAKE_DIRECTORY ${DEST})
get_filename_component(name ${LIB} NAME)
file(COPY_FILE ${LIB} ${DEST}/${name} ONLY_IF_DIFFERENT)
file(SHA256 ${DEST}/${name} hash)
file(WRITE ${DEST}/${name}.sha256 "${hash}  ${name}\n")
