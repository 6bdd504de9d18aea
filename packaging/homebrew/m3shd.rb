# Homebrew formula for M3SHD, built from source.
#   brew install --build-from-source ./packaging/homebrew/m3shd.rb   (or from a tap)
#   brew services start m3shd        # runs a worker (see caveats)
# The url/sha256 are filled in at release time (scripts point them at the
# tagged source tarball).
class M3shd < Formula
  desc "Self-hosted mesh that coordinates AI agents across your own machines"
  homepage "https://example.invalid/m3shd"
  url "https://example.invalid/m3shd/archive/refs/tags/v0.1.0.tar.gz"
  sha256 "0000000000000000000000000000000000000000000000000000000000000000"
  license any_of: ["MIT", "Apache-2.0"]
  head "https://example.invalid/m3shd.git", branch: "main"

  depends_on "rust" => :build

  def install
    # One package declares every binary: m3shd, m3shd-hubd, m3shd-workerd,
    # m3shd-bridged.
    system "cargo", "install", *std_cargo_args(path: "cli")
    man1.install Dir["man/*.1"]
    bash_completion.install "shell-completions/m3shd.bash" => "m3shd"
    zsh_completion.install "shell-completions/_m3shd"
    fish_completion.install "shell-completions/m3shd.fish"
    (pkgshare/"launchd").install Dir["packaging/launchd/*.plist"]

    # `brew services` runs one service per formula: the worker, configured
    # by an env file so that the token never sits in a plist or in argv.
    (libexec/"m3shd-workerd-service").write <<~SH
      #!/bin/sh
      set -a
      [ -r "#{etc}/m3shd/workerd.env" ] && . "#{etc}/m3shd/workerd.env"
      set +a
      exec "#{opt_bin}/m3shd-workerd" $M3SHD_WORKERD_ARGS
    SH
    chmod 0755, libexec/"m3shd-workerd-service"
  end

  def post_install
    (etc/"m3shd").mkpath
    chmod 0700, etc/"m3shd"
    (var/"log").mkpath
  end

  service do
    run [opt_libexec/"m3shd-workerd-service"]
    keep_alive successful_exit: false
    log_path var/"log/m3shd-workerd.log"
    error_log_path var/"log/m3shd-workerd.log"
    process_type :background
  end

  def caveats
    <<~EOS
      The worker service reads #{etc}/m3shd/workerd.env (chmod 600):
        M3SHD_HUB=http://hub.local:8333
        M3SHD_TOKEN=m3shd_ag_...
        M3SHD_WORKERD_ARGS="--name mac-mini --capabilities summarize,code --slots 2"
      then: brew services start m3shd

      A hub or the iMessage bridge on this Mac run as LaunchAgents:
        #{opt_pkgshare}/launchd/dev.m3shd.hubd.plist
        #{opt_pkgshare}/launchd/dev.m3shd.bridged.plist
      (copy to ~/Library/LaunchAgents and `launchctl bootstrap gui/$(id -u) FILE`).

      Check the setup with: m3shd doctor
    EOS
  end

  test do
    assert_match version.to_s, shell_output("#{bin}/m3shd --version")
    assert_match "--data-dir", shell_output("#{bin}/m3shd-hubd --help")
    assert_match "--allow", shell_output("#{bin}/m3shd-bridged --help")
    system bin/"m3shd", "man", "--out", testpath/"man"
    assert_path_exists testpath/"man/m3shd.1"
  end
end
