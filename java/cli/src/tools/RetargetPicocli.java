import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build time, JDK 25+ (java/cli/pom.xml, profile {@code aot-cache}): rewrites picocli's classes in the executable jar
 * from class file version 49 (Java 5, as picocli ships them) to 52 (Java 8), with stack maps computed by the JDK's
 * ClassFile API. Why: the JDK's AOT cache leaves out every class older than version 50 ("Old class has been
 * linked") and the JVM checks such classes with the old type-inferring verifier at every start, so picocli was the
 * one library the cache could not speed up; rewritten, it is verified by the split verifier and cached like the
 * rest. The instructions are not changed, only the version and the stack maps; a plain {@code java -jar} on Java 17
 * runs the rewritten classes as well.
 *
 * <p>Usage: {@code java RetargetPicocli.java JAR} (the jar is replaced; entries keep their order and times).
 */
public class RetargetPicocli {
    public static void main(String[] args) throws IOException {
        Path jar = Paths.get(args[0]);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".retarget");
        int rewritten = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            ClassFile cf = ClassFile.of(
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(loader))),
                    ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
            try (InputStream in = Files.newInputStream(jar); ZipInputStream zin = new ZipInputStream(in);
                    OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zout = new ZipOutputStream(os)) {
                for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                    byte[] bytes = zin.readAllBytes();
                    if (e.getName().startsWith("picocli/") && e.getName().endsWith(".class")) {
                        ClassModel model = cf.parse(bytes);
                        if (model.majorVersion() < ClassFile.JAVA_6_VERSION) {
                            // every method body re-emitted, so that its stack map frames are generated
                            bytes = cf.transformClass(model, ClassTransform.endHandler(b -> b.withVersion(
                                    ClassFile.JAVA_8_VERSION, 0)).andThen(
                                    ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)));
                            rewritten++;
                        }
                    }
                    ZipEntry out = new ZipEntry(e.getName());
                    out.setTime(e.getTime());
                    zout.putNextEntry(out);
                    zout.write(bytes);
                    zout.closeEntry();
                }
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("RetargetPicocli: " + rewritten + " picocli classes now class file version 52 in " + jar);
    }
}
