using BuildKit.Containers;

namespace BuildKit.Tests.Containers;

/// <summary>The lines a failed build quotes, from outputs the tools printed in a Debian 12 builder.</summary>
public sealed class TellingLinesSpecs
{
    [Fact]
    public void A_package_cmake_cannot_find_is_named_with_its_cmake_error_and_what_to_do()
    {
        // Arrange
        const string output = """
            -- The C compiler identification is GNU 12.2.0
            -- Detecting C compiler ABI info
            -- Detecting C compiler ABI info - done
            -- Check for working C compiler: /usr/bin/cc - skipped
            -- Detecting C compile features
            -- Detecting C compile features - done
            CMake Error at CMakeLists.txt:3 (find_package):
              Could not find a package configuration file provided by "NoSuchThing" with
              any of the following names:

                NoSuchThingConfig.cmake
                nosuchthing-config.cmake

              Add the installation prefix of "NoSuchThing" to CMAKE_PREFIX_PATH or set
              "NoSuchThing_DIR" to a directory containing one of the above files.  If
              "NoSuchThing" provides a separate development package or SDK, be sure it
              has been installed.


            -- Configuring incomplete, errors occurred!
            See also "/tmp/b/CMakeFiles/CMakeOutput.log".
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.MissingPackages.Should().Equal("NoSuchThing");
        telling.Lines.Should().Equal(
            "CMake Error at CMakeLists.txt:3 (find_package):",
            "  Could not find a package configuration file provided by \"NoSuchThing\" with",
            "  any of the following names:");
        telling.Hint.Should().StartWith("cmake did not find NoSuchThing in the builder. Install the development package that provides it in the builder")
            .And.Contain("--distribution=NAME");
    }

    [Fact]
    public void The_required_packages_feature_summary_lists_are_named_without_their_descriptions()
    {
        // Arrange
        const string output = """
            -- The C compiler identification is GNU 12.2.0
            CMake Warning at CMakeLists.txt:4 (find_package):
              By not providing "FindKDDockWidgets.cmake" in CMAKE_MODULE_PATH this
              project has asked CMake to find a package configuration file provided by
              "KDDockWidgets", but CMake did not find one.

              Could not find a package configuration file provided by "KDDockWidgets"
              with any of the following names:

                KDDockWidgetsConfig.cmake
                kddockwidgets-config.cmake

              Add the installation prefix of "KDDockWidgets" to CMAKE_PREFIX_PATH or set
              "KDDockWidgets_DIR" to a directory containing one of the above files.  If
              "KDDockWidgets" provides a separate development package or SDK, be sure it
              has been installed.


            -- Found ZLIB: /usr/lib/x86_64-linux-gnu/libz.so (found version "1.2.13") 
            -- The following OPTIONAL packages have been found:

             * ZLIB

            -- The following REQUIRED packages have not been found:

             * KDDockWidgets, KDAB's Dock Widget Framework for Qt, <https://www.kdab.com/>

            CMake Error at /usr/share/cmake-3.25/Modules/FeatureSummary.cmake:464 (message):
              feature_summary() Error: REQUIRED package(s) are missing, aborting CMake
              run.
            Call Stack (most recent call first):
              CMakeLists.txt:7 (feature_summary)


            -- Configuring incomplete, errors occurred!
            See also "/tmp/b/CMakeFiles/CMakeOutput.log".
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.MissingPackages.Should().Equal("KDDockWidgets");
        telling.Lines.Should().StartWith(["-- The following REQUIRED packages have not been found:", " * KDDockWidgets, KDAB's Dock Widget Framework for Qt, <https://www.kdab.com/>"])
            .And.Contain("CMake Error at /usr/share/cmake-3.25/Modules/FeatureSummary.cmake:464 (message):")
            .And.NotContain(l => l.Contains("CMake Warning"), "a warning is no failure");
        telling.Hint.Should().StartWith("cmake did not find KDDockWidgets in the builder.");
    }

    [Fact]
    public void A_find_module_that_finds_nothing_names_its_package()
    {
        // Arrange
        const string output = """
            -- The C compiler identification is GNU 12.2.0
            CMake Error at /usr/share/cmake-3.25/Modules/FindPackageHandleStandardArgs.cmake:230 (message):
              Could NOT find Curses (missing: CURSES_LIBRARY CURSES_INCLUDE_PATH)
            Call Stack (most recent call first):
              /usr/share/cmake-3.25/Modules/FindPackageHandleStandardArgs.cmake:600 (_FPHSA_FAILURE_MESSAGE)
              /usr/share/cmake-3.25/Modules/FindCurses.cmake:268 (FIND_PACKAGE_HANDLE_STANDARD_ARGS)
              CMakeLists.txt:4 (find_package)


            -- Configuring incomplete, errors occurred!
            See also "/tmp/b/CMakeFiles/CMakeOutput.log".
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.MissingPackages.Should().Equal("Curses");
        telling.Lines.Should().Contain("  Could NOT find Curses (missing: CURSES_LIBRARY CURSES_INCLUDE_PATH)");
    }

    [Fact]
    public void Any_other_cmake_error_says_where_cmake_stopped()
    {
        // Arrange
        const string output = """
            -- The C compiler identification is GNU 12.2.0
            CMake Error at CMakeLists.txt:3 (add_exectuable):
              Unknown CMake command "add_exectuable".


            -- Configuring incomplete, errors occurred!
            See also "/tmp/b/CMakeFiles/CMakeOutput.log".
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.MissingPackages.Should().BeEmpty();
        telling.Lines.Should().Equal("CMake Error at CMakeLists.txt:3 (add_exectuable):", "  Unknown CMake command \"add_exectuable\".");
        telling.Hint.Should().StartWith("cmake stopped at CMakeLists.txt:3: the tree's CMake files do not configure in this builder.");
    }

    [Fact]
    public void The_first_compiler_error_is_quoted_with_its_file_and_line_and_not_the_command_that_ran_it()
    {
        // Arrange
        const string output = """
            -- The CXX compiler identification is GNU 12.2.0
            [1/3] Building CXX object CMakeFiles/demo.dir/b.cpp.o
            FAILED: CMakeFiles/demo.dir/b.cpp.o 
            /usr/bin/c++    -MD -MT CMakeFiles/demo.dir/b.cpp.o -MF CMakeFiles/demo.dir/b.cpp.o.d -o CMakeFiles/demo.dir/b.cpp.o -c /src/b.cpp
            /src/b.cpp: In function ‘int main()’:
            /src/b.cpp:2:11: error: ‘undeclared_thing’ was not declared in this scope
                2 |   int x = undeclared_thing + 1;
                  |           ^~~~~~~~~~~~~~~~
            [2/3] Building CXX object CMakeFiles/demo.dir/a.cpp.o
            ninja: build stopped: subcommand failed.
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.Lines.Should().Equal("/src/b.cpp:2:11: error: ‘undeclared_thing’ was not declared in this scope");
        telling.Hint.Should().StartWith("The compiler stopped at /src/b.cpp:2: upstream's tree at this commit does not build with this builder's toolchain")
            .And.Contain("Try another ref, or fix it with a patch");
    }

    [Fact]
    public void An_undefined_reference_from_the_linker_is_quoted()
    {
        // Arrange
        const string output = """
            -- The C compiler identification is GNU 12.2.0
            [1/2] Building C object CMakeFiles/demo.dir/main.c.o
            [2/2] Linking C executable demo
            FAILED: demo 
            : && /usr/bin/cc   CMakeFiles/demo.dir/main.c.o -o demo   && :
            /usr/bin/ld: CMakeFiles/demo.dir/main.c.o: in function `main':
            main.c:(.text+0xa): undefined reference to `missing_function'
            collect2: error: ld returned 1 exit status
            ninja: build stopped: subcommand failed.
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.Lines.Should().Equal("main.c:(.text+0xa): undefined reference to `missing_function'");
        telling.Hint.Should().StartWith("The link failed: a library the code calls is missing from the builder");
    }

    [Fact]
    public void A_go_compile_error_is_quoted_with_its_file_line_and_column()
    {
        // Arrange
        const string output = """
            # example.com/demo/pkg/util
            pkg/util/util.go:4:9: undefined: undefinedThing
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.Lines.Should().Equal("pkg/util/util.go:4:9: undefined: undefinedThing");
        telling.Hint.Should().StartWith("go stopped at pkg/util/util.go:4: upstream's tree at this commit does not compile with this builder's Go");
    }

    [Fact]
    public void Gos_own_errors_are_quoted_with_their_detail_and_its_progress_lines_are_not()
    {
        // Arrange
        const string output = """
            go: inconsistent vendoring in /src:
            	github.com/pkg/errors@v0.9.1: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt

            	To ignore the vendor directory, use -mod=readonly or -mod=mod.
            	To sync the vendor directory, run:
            		go mod vendor
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.Lines.Should().Equal(
            "go: inconsistent vendoring in /src:",
            "  github.com/pkg/errors@v0.9.1: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt");
        telling.Hint.Should().StartWith("go could not resolve the tree's modules");
    }

    [Fact]
    public void A_module_go_could_not_look_up_gets_the_modules_hint_not_the_compile_hint()
    {
        // Arrange
        const string output = """
            go: downloading github.com/pkg/errors v0.9.1
            main.go:3:8: module lookup disabled by GOPROXY=off
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.Lines.Should().Equal("main.go:3:8: module lookup disabled by GOPROXY=off").And.NotContain(l => l.Contains("downloading"));
        telling.Hint.Should().StartWith("go could not resolve the tree's modules").And.Contain("GOPROXY");
    }

    [Fact]
    public void Yarns_error_lines_are_quoted_and_its_info_lines_are_not()
    {
        // Arrange
        const string output = """
            yarn run v1.22.22
            warning package.json: No license field
            $ node -e "process.exit(2)"
            error Command failed with exit code 2.
            info Visit https://yarnpkg.com/en/docs/cli/run for documentation about this command.
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.Lines.Should().Equal("error Command failed with exit code 2.");
        telling.Hint.Should().StartWith("yarn or npm failed");
    }

    [Fact]
    public void Npms_first_error_lines_are_quoted_without_its_stack_trace()
    {
        // Arrange
        const string output = """
            9.2.0
            npm ERR! code ECONNREFUSED
            npm ERR! syscall connect
            npm ERR! errno ECONNREFUSED
            npm ERR! FetchError: request to http://127.0.0.1:9/no-such-package-buildkit-xyz failed, reason: connect ECONNREFUSED 127.0.0.1:9
            npm ERR!     at ClientRequest.<anonymous> (/usr/share/nodejs/minipass-fetch/lib/index.js:130:14)
            npm ERR!     at ClientRequest.emit (node:events:517:28)
            npm ERR!     at Socket.socketErrorListener (node:_http_client:501:9)
            npm ERR!     at Socket.emit (node:events:529:35)
            npm ERR!     at emitErrorNT (node:internal/streams/destroy:151:8)
            npm ERR!     at emitErrorCloseNT (node:internal/streams/destroy:116:3)
            npm ERR!     at process.processTicksAndRejections (node:internal/process/task_queues:82:21)
            npm ERR!  FetchError: request to http://127.0.0.1:9/no-such-package-buildkit-xyz failed, reason: connect ECONNREFUSED 127.0.0.1:9
            npm ERR!     at ClientRequest.<anonymous> (/usr/share/nodejs/minipass-fetch/lib/index.js:130:14)
            npm ERR!     at ClientRequest.emit (node:events:517:28)
            npm ERR!     at Socket.socketErrorListener (node:_http_client:501:9)
            npm ERR!     at Socket.emit (node:events:529:35)
            npm ERR!     at emitErrorNT (node:internal/streams/destroy:151:8)
            npm ERR!     at emitErrorCloseNT (node:internal/streams/destroy:116:3)
            npm ERR!     at process.processTicksAndRejections (node:internal/process/task_queues:82:21) {
            npm ERR!   code: 'ECONNREFUSED',
            npm ERR!   errno: 'ECONNREFUSED',
            npm ERR!   syscall: 'connect',
            npm ERR!   address: '127.0.0.1',
            npm ERR!   port: 9,
            npm ERR!   type: 'system',
            npm ERR!   requiredBy: '.'
            npm ERR! }
            npm ERR! 
            npm ERR! If you are behind a proxy, please make sure that the
            npm ERR! 'proxy' config is set properly.  See: 'npm help config'

            npm ERR! A complete log of this run can be found in:
            npm ERR!     /tmp/.npm/_logs/2026-11-28T11_37_23_158Z-debug-0.log
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.Lines.Should().Equal(
            "npm ERR! code ECONNREFUSED",
            "npm ERR! syscall connect",
            "npm ERR! errno ECONNREFUSED",
            "npm ERR! FetchError: request to http://127.0.0.1:9/no-such-package-buildkit-xyz failed, reason: connect ECONNREFUSED 127.0.0.1:9");
        telling.Hint.Should().Contain("npm_config_registry");
    }

    [Fact]
    public void A_file_the_spec_lists_but_the_build_did_not_install_is_quoted_once_from_rpmbuild()
    {
        // Arrange
        const string output = """
            Executing(%install): /bin/sh -e /var/tmp/rpm-tmp.Nez0HO
            + umask 022
            + cd /tmp/r/BUILD
            + /bin/rm -rf /tmp/r/BUILDROOT/hello-1.2.0-1.x86_64
            + /bin/mkdir -p /tmp/r/BUILDROOT
            + /bin/mkdir /tmp/r/BUILDROOT/hello-1.2.0-1.x86_64
            + mkdir -p /tmp/r/BUILDROOT/hello-1.2.0-1.x86_64/usr/bin
            + echo hi
            + echo hi
            + /usr/lib/rpm/brp-compress /usr
            + /usr/lib/rpm/brp-elfperms
            + /usr/lib/rpm/brp-strip /usr/bin/strip
            + /usr/lib/rpm/brp-strip-static-archive /usr/bin/strip
            + /usr/lib/rpm/brp-strip-comment-note /usr/bin/strip /usr/bin/objdump
            + /usr/lib/rpm/brp-remove-la-files
            Processing files: hello-1.2.0-1.x86_64
            error: File not found: /tmp/r/BUILDROOT/hello-1.2.0-1.x86_64/usr/bin/goodbye

            RPM build errors:
                File not found: /tmp/r/BUILDROOT/hello-1.2.0-1.x86_64/usr/bin/goodbye
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.Lines.Should().Equal("error: File not found: /tmp/r/BUILDROOT/hello-1.2.0-1.x86_64/usr/bin/goodbye");
        telling.Hint.Should().StartWith("The spec's %files names a file the build did not install");
    }

    [Fact]
    public void A_spec_section_that_fails_is_named_from_rpmbuilds_bad_exit_status()
    {
        // Arrange
        const string output = """
            Executing(%build): /bin/sh -e /var/tmp/rpm-tmp.ABLacr
            + umask 022
            + cd /tmp/r/BUILD
            + echo building
            building
            + false
            error: Bad exit status from /var/tmp/rpm-tmp.ABLacr (%build)

            RPM build errors:
                Bad exit status from /var/tmp/rpm-tmp.ABLacr (%build)
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.Lines.Should().Equal("error: Bad exit status from /var/tmp/rpm-tmp.ABLacr (%build)");
        telling.Hint.Should().StartWith("The spec's %build section failed");
    }

    [Fact]
    public void Unpackaged_files_are_listed_under_rpmbuilds_error()
    {
        // Arrange
        const string output = """
            Processing files: hello-1.2.0-1.x86_64
            Checking for unpackaged file(s): /usr/lib/rpm/check-files /rpmbuild/BUILDROOT/hello-1.2.0-1.x86_64
            error: Installed (but unpackaged) file(s) found:
               /usr/bin/extra

            RPM build errors:
                Installed (but unpackaged) file(s) found:
               /usr/bin/extra
            """;

        // Act
        var telling = TellingLines.Find(output);

        // Assert
        telling.Lines.Should().Equal("error: Installed (but unpackaged) file(s) found:", "   /usr/bin/extra");
        telling.Hint.Should().StartWith("The build installed files the spec's %files does not list");
    }

    [Fact]
    public void Output_no_known_tool_explains_has_no_telling_lines()
    {
        // Act
        var telling = TellingLines.Find("compiling unit 1\ncompiling unit 2\nsomething went wrong\n");

        // Assert
        telling.IsEmpty.Should().BeTrue();
        telling.Hint.Should().BeNull();
    }
}
