// What IMS derives from `__os_version` when it creates image metadata: the
// platform, OS type and bits (docs "Creating Image Metadata": they "depend on
// that of __os_version"; default version "Other Linux(64 bit)"). The version
// strings are the page's "Values of Related Parameters" form, e.g.
// "Ubuntu 14.04 server 64bit", "Windows Server 2019 Standard 64bit".

/** Platforms in the order they are looked for in a version string (longer names first). */
const PLATFORMS = [
  'Oracle Linux',
  'Red Hat',
  'OpenSUSE',
  'openEuler',
  'EulerOS',
  'CentOS',
  'CoreOS',
  'Debian',
  'Fedora',
  'Ubuntu',
  'SUSE',
  'Windows',
];

export const DEFAULT_OS_VERSION = 'Other Linux(64 bit)';

export function osPropertiesOf(version: string): { __platform: string; __os_type: string; __os_bit: string } {
  const platform = PLATFORMS.find((name) => version.toLowerCase().includes(name.toLowerCase())) ?? 'Other';
  return {
    __platform: platform,
    __os_type: platform === 'Windows' ? 'Windows' : 'Linux',
    __os_bit: /32\s*bit/i.test(version) ? '32' : '64',
  };
}
