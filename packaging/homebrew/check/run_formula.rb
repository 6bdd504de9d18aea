# Runs a rendered formula the way `brew install --build-from-source` and then
# `brew test` would: checks the tarball against the formula's sha256, unpacks
# it, runs `install` and `post_install` into a temporary prefix, evaluates
# the service block and the caveats, then runs the `test do` block. Homebrew
# does not run on Linux CI, so this implements the part of its DSL the formula
# uses, with Homebrew's meanings (Pathname#install moves files into a
# directory, std_cargo_args is `--locked --root PREFIX --path PATH`).
#
#   ruby run_formula.rb FORMULA.rb WORKDIR
require "digest"
require "fileutils"
require "pathname"
require "uri"

formula_file, workdir = ARGV
abort "usage: ruby run_formula.rb FORMULA.rb WORKDIR" unless formula_file && workdir
WORK = Pathname.new(workdir).expand_path
HOMEBREW_PREFIX = WORK / "homebrew"

class Pathname
  # Homebrew's Pathname#install: put files into this directory, renaming
  # with `"from" => "to"`.
  def install(*sources)
    mkpath
    sources.flatten.each do |source|
      pairs = source.is_a?(Hash) ? source.to_a : [[source, File.basename(source.to_s)]]
      pairs.each do |from, to|
        raise "install: #{from} does not exist" unless File.exist?(from.to_s)
        FileUtils.cp_r(from.to_s, (self / to).to_s)
      end
    end
  end

  def write(content)
    dirname.mkpath
    File.write(to_s, content)
  end
end

class Formula
  class << self
    attr_reader :url_value, :sha256_value, :version_value, :test_block, :service_block

    def desc(*); end
    def homepage(*); end
    def license(*); end
    def depends_on(*); end
    def url(value) = @url_value = value
    def sha256(value) = @sha256_value = value
    def version(value) = @version_value = value
    def test(&block) = @test_block = block
    def service(&block) = @service_block = block
  end

  attr_reader :prefix, :testpath

  def initialize(prefix, testpath)
    @prefix = prefix
    @testpath = testpath
  end

  def version = self.class.version_value
  def bin = prefix / "bin"
  def libexec = prefix / "libexec"
  def man1 = prefix / "share/man/man1"
  def pkgshare = prefix / "share/m3shd"
  def bash_completion = prefix / "etc/bash_completion.d"
  def zsh_completion = prefix / "share/zsh/site-functions"
  def fish_completion = prefix / "share/fish/vendor_completions.d"
  def opt_bin = bin
  def opt_libexec = libexec
  def opt_pkgshare = pkgshare
  def etc = HOMEBREW_PREFIX / "etc"
  def var = HOMEBREW_PREFIX / "var"
  def std_cargo_args(path: ".") = ["--locked", "--root", prefix.to_s, "--path", path]

  def system(*args)
    puts "==> #{args.join(' ')}"
    Kernel.system(*args.map(&:to_s)) or raise "failed: #{args.join(' ')}"
  end

  def chmod(mode, path) = FileUtils.chmod(mode, path.to_s)

  def shell_output(cmd, status = 0)
    out = `#{cmd}`
    raise "`#{cmd}` exited #{$?.exitstatus}, not #{status}" unless $?.exitstatus == status
    out
  end

  def assert_match(pattern, text)
    re = pattern.is_a?(Regexp) ? pattern : Regexp.new(Regexp.escape(pattern.to_s))
    raise "expected #{re.inspect} in:\n#{text}" unless text.match?(re)
  end

  def assert_path_exists(path)
    raise "expected #{path} to exist" unless File.exist?(path.to_s)
  end
end

# What the service block declares, so its paths can be checked.
class ServiceSpec
  attr_reader :command

  def initialize(formula) = @formula = formula
  def run(command) = @command = Array(command)
  def keep_alive(*); end
  def log_path(*); end
  def error_log_path(*); end
  def process_type(*); end
  def method_missing(name, *args) = @formula.public_send(name, *args)
  def respond_to_missing?(*) = true
end

load formula_file
klass = Formula.subclasses.first or abort "no formula class in #{formula_file}"

# Fetch: a file:// url, checked against the sha256 as brew does.
uri = URI.parse(klass.url_value)
abort "this check fetches file:// urls only, not #{uri}" unless uri.scheme == "file"
tarball = uri.path
actual = Digest::SHA256.file(tarball).hexdigest
abort "sha256 mismatch: formula says #{klass.sha256_value}, tarball is #{actual}" unless actual == klass.sha256_value
puts "==> sha256 ok (#{actual})"

build = WORK / "build"
FileUtils.rm_rf(build)
build.mkpath
system("tar", "-xzf", tarball, "-C", build.to_s) or abort "cannot unpack #{tarball}"
src = build.children.find(&:directory?) or abort "the tarball holds no directory"

prefix = WORK / "Cellar/m3shd" / klass.version_value
FileUtils.rm_rf(prefix)
testpath = WORK / "test"
FileUtils.rm_rf(testpath)
testpath.mkpath
formula = klass.new(prefix, testpath)

Dir.chdir(src) { formula.install }
formula.post_install
spec = ServiceSpec.new(formula)
spec.instance_eval(&klass.service_block)
service_bin = spec.command.first.to_s
abort "the service runs #{service_bin}, which is not executable" unless File.executable?(service_bin)
abort "no caveats" if formula.caveats.to_s.strip.empty?
Dir.chdir(testpath) { formula.instance_eval(&klass.test_block) }
puts "==> installed into #{prefix}; the formula's test passed"
