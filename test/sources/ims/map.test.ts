// IMS mapping: the documented example response of docs/vendor/002-ims-image-details.txt in, every
// ImsImage field out, exactly; then the conversions one by one.
import { describe, expect, it } from 'vitest';
import { decodeGlobalId } from '../../../src/ids.js';
import type { ImsImageWire } from '../../../src/sources/ims/api.js';
import {
  bigIntFrom,
  booleanFrom,
  commaListFrom,
  DOCUMENTED_FIELDS,
  imsArchitecture,
  intFrom,
  mapImsImage,
  osFeaturesFrom,
} from '../../../src/sources/ims/map.js';
import { matchesFilter as matches } from '../../../src/sources/filter.js';
import { pushDown } from '../../../src/sources/ims/instance.js';

// Copied from the "Example response" of docs/vendor/002-ims-image-details.txt, key order included.
const DOC_EXAMPLE: ImsImageWire = JSON.parse(`{
      "schema": "/v2/schemas/image",
      "min_disk": 100,
      "created_at": "2018-09-06T14:03:27Z",
      "__image_source_type": "uds",
      "container_format": "bare",
      "file": "/v2/images/bc6bed6e-ba3a-4447-afcc-449174a3eb52/file",
      "updated_at": "2018-09-06T15:17:33Z",
      "protected": true,
      "checksum": "d41d8cd98f00b204e9800998ecf8427e",
      "id": "bc6bed6e-ba3a-4447-afcc-449174a3eb52",
      "__isregistered": "true",
      "min_ram": 2048,
      "__lazyloading": "true",
      "owner": "1bed856811654c1cb661a6ca845ebc77",
      "__os_type": "Linux",
      "__imagetype": "gold",
      "visibility": "public",
      "virtual_env_type": "FusionCompute",
      "tags": [],
      "__platform": "CentOS",
      "size": 0,
      "__os_bit": "64",
      "__os_version": "CentOS 7.3 64bit",
      "name": "CentOS 7.3 64bit vivado",
      "self": "/v2/images/bc6bed6e-ba3a-4447-afcc-449174a3eb52",
      "disk_format": "zvhd2",
      "virtual_size": null,
      "status": "active"
}`);

const WHERE = { region: 'cn-north-4', projectId: '0b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e' };

describe('IMS mapping of the documented example (docs/vendor/002-ims-image-details.txt)', () => {
  it('maps every field, exactly', () => {
    const image = mapImsImage(DOC_EXAMPLE, WHERE);
    const { id, ...rest } = image;
    expect(decodeGlobalId(id)).toEqual({
      provider: 'IMS',
      region: 'cn-north-4',
      project: WHERE.projectId,
      nativeId: 'bc6bed6e-ba3a-4447-afcc-449174a3eb52',
    });
    expect(rest).toEqual({
      __typename: 'ImsImage',
      provider: 'IMS',
      nativeId: 'bc6bed6e-ba3a-4447-afcc-449174a3eb52',
      region: 'cn-north-4',
      projectId: WHERE.projectId,
      name: 'CentOS 7.3 64bit vivado',
      description: null,
      status: 'ACTIVE',
      vendorStatus: 'active',
      // No __support_arm/__support_amd/architecture: __os_bit "64" alone does not say ARM or x86.
      architecture: null,
      // No __image_size: Glance's size (0) is what there is.
      sizeBytes: 0n,
      createdAt: new Date('2018-09-06T14:03:27Z'),
      updatedAt: new Date('2018-09-06T15:17:33Z'),
      visibility: 'PUBLIC',

      file: '/v2/images/bc6bed6e-ba3a-4447-afcc-449174a3eb52/file',
      owner: '1bed856811654c1cb661a6ca845ebc77',
      size: 0n,
      self: '/v2/images/bc6bed6e-ba3a-4447-afcc-449174a3eb52',
      schema: '/v2/schemas/image',
      glanceStatus: 'ACTIVE',
      tags: [],
      glanceVisibility: 'PUBLIC',
      checksum: 'd41d8cd98f00b204e9800998ecf8427e',
      protected: true,
      containerFormat: 'bare',
      minRam: 2048,
      maxRam: null,
      diskFormat: 'zvhd2',
      virtualSize: null,
      minDisk: 100,
      osBit: 64,
      osVersion: 'CentOS 7.3 64bit',
      isregistered: true,
      platform: 'CentOS',
      osType: 'LINUX',
      systemCmkid: null,
      virtualEnvType: 'FUSION_COMPUTE',
      imageSourceType: 'uds',
      imagetype: 'GOLD',
      originalimagename: null,
      backupId: null,
      productcode: null,
      imageSize: null,
      dataOrigin: null,
      rootOrigin: null,
      lazyloading: true,
      activeAt: null,
      osFeatureList: null,
      sequenceNum: null,
      supportKvm: null,
      supportXen: null,
      supportLargememory: null,
      supportDiskintensive: null,
      supportHighperformance: null,
      supportXenGpuType: null,
      supportKvmGpuType: null,
      supportXenHana: null,
      supportKvmInfiniband: null,
      supportFcInject: null,
      enterpriseProjectId: null,
      isOffshelved: null,
      hwFirmwareType: null,
      hwVifMultiqueueEnabled: null,
      supportArm: null,
      supportAgentList: null,
      accountCode: null,
      imageLocation: null,
      isConfigInit: null,
      supportAmd: null,
      // Every key of the example is documented: nothing left over.
      properties: {},
    });
  });

  it('maps every documented property when present, and keeps the rest in properties', () => {
    const wire: ImsImageWire = {
      ...DOC_EXAMPLE,
      status: 'saving',
      visibility: 'community',
      max_ram: '4096',
      __description: 'desc',
      __system__cmkid: 'kms-1',
      __originalimagename: 'parent-id',
      __backup_id: 'backup-1',
      __productcode: 'pc-1',
      __image_size: '42949672960',
      __data_origin: 'instance,abc',
      __root_origin: 'file',
      __lazyloading: 'False',
      active_at: '2018-09-06T14:10:00Z',
      __os_feature_list: '{"onekey_resetpasswd": "true", "user_data": "true"}',
      __sequence_num: '12',
      __support_kvm: 'true',
      __support_xen: 'True',
      __support_largememory: 'true',
      __support_diskintensive: 'true',
      __support_highperformance: 'false',
      __support_xen_gpu_type: 'M60_vGPU',
      __support_kvm_gpu_type: 'V100_vGPU',
      __support_xen_hana: 'true',
      __support_kvm_infiniband: 'true',
      __support_fc_inject: 'true',
      enterprise_project_id: '0',
      __is_offshelved: 'false',
      hw_firmware_type: 'uefi',
      hw_vif_multiqueue_enabled: 'true',
      __support_arm: 'true',
      __support_agent_list: 'hss,ces',
      __account_code: 'acc',
      __image_location: 'obs://bucket/x',
      __is_config_init: 'true',
      __support_amd: 'false',
      hw_disk_bus: 'virtio',
      os_distro: 'ubuntu',
    };
    const image = mapImsImage(wire, WHERE);
    expect(image).toMatchObject({
      status: 'CREATING',
      glanceStatus: 'SAVING',
      visibility: 'PUBLIC',
      glanceVisibility: 'COMMUNITY',
      maxRam: 4096,
      description: 'desc',
      systemCmkid: 'kms-1',
      originalimagename: 'parent-id',
      backupId: 'backup-1',
      productcode: 'pc-1',
      imageSize: 42949672960n,
      sizeBytes: 42949672960n,
      dataOrigin: 'instance,abc',
      rootOrigin: 'file',
      lazyloading: false,
      activeAt: new Date('2018-09-06T14:10:00Z'),
      osFeatureList: [
        { name: 'onekey_resetpasswd', value: 'true' },
        { name: 'user_data', value: 'true' },
      ],
      sequenceNum: 12,
      supportKvm: true,
      supportXen: true,
      supportLargememory: true,
      supportDiskintensive: true,
      supportHighperformance: false,
      supportXenGpuType: 'M60_vGPU',
      supportKvmGpuType: 'V100_vGPU',
      supportXenHana: true,
      supportKvmInfiniband: true,
      supportFcInject: true,
      enterpriseProjectId: '0',
      isOffshelved: false,
      hwFirmwareType: 'UEFI',
      hwVifMultiqueueEnabled: true,
      supportArm: true,
      architecture: 'AARCH64',
      supportAgentList: ['hss', 'ces'],
      accountCode: 'acc',
      imageLocation: 'obs://bucket/x',
      isConfigInit: true,
      supportAmd: false,
      properties: { hw_disk_bus: 'virtio', os_distro: 'ubuntu' },
    });
    // Every documented field has a home; properties got only the two extras.
    expect(Object.keys(image.properties as object).sort()).toEqual(['hw_disk_bus', 'os_distro']);
    // The response table of docs/vendor/002-ims-image-details.txt names 60 fields.
    expect(DOCUMENTED_FIELDS.size).toBe(60);
  });

  it('normalizes every Glance status and visibility', () => {
    const cases: Array<[string, string, string | null]> = [
      ['queued', 'QUEUED', 'QUEUED'],
      ['saving', 'CREATING', 'SAVING'],
      ['uploading', 'CREATING', 'UPLOADING'],
      ['importing', 'CREATING', 'IMPORTING'],
      ['active', 'ACTIVE', 'ACTIVE'],
      ['killed', 'FAILED', 'KILLED'],
      ['deleted', 'DELETED', 'DELETED'],
      ['pending_delete', 'DELETED', 'PENDING_DELETE'],
      ['deactivated', 'UNKNOWN', 'DEACTIVATED'],
      ['frozen', 'UNKNOWN', null],
    ];
    for (const [word, status, glanceStatus] of cases) {
      const image = mapImsImage({ id: 'x', status: word }, WHERE);
      expect([image.status, image.glanceStatus, image.vendorStatus]).toEqual([status, glanceStatus, word]);
    }
    const vis = (v: string) => mapImsImage({ id: 'x', visibility: v }, WHERE).visibility;
    expect([vis('public'), vis('community'), vis('private'), vis('shared'), vis('galaxy')]).toEqual([
      'PUBLIC',
      'PUBLIC',
      'PRIVATE',
      'SHARED',
      null,
    ]);
  });
});

describe('IMS string conversions', () => {
  it('reads booleans in every documented spelling', () => {
    expect(['true', 'True', 'TRUE', 'false', 'False', true, false, '', 'yes', undefined, 1].map(booleanFrom)).toEqual([
      true,
      true,
      true,
      false,
      false,
      true,
      false,
      null,
      null,
      null,
      null,
    ]);
  });

  it('reads integers and byte counts', () => {
    expect(['64', '32', 64, '', 'x64', '1.5', undefined].map(intFrom)).toEqual([64, 32, 64, null, null, null, null]);
    expect(bigIntFrom('42949672960')).toBe(42949672960n);
    expect(bigIntFrom('18446744073709551615')).toBe(18446744073709551615n);
    expect([bigIntFrom('-1'), bigIntFrom('1e9'), bigIntFrom(null), bigIntFrom(1.5)]).toEqual([null, null, null, null]);
  });

  it('splits the agent list', () => {
    expect(commaListFrom('hss,ces')).toEqual(['hss', 'ces']);
    expect(commaListFrom(' hss , ')).toEqual(['hss']);
    expect(commaListFrom('')).toEqual([]);
    expect(commaListFrom(undefined)).toBeNull();
  });

  it('parses __os_feature_list objects and lists; garbage is null, not an error', () => {
    expect(osFeaturesFrom('{"nic_hotplug":"true", "disk_hotplug": true}')).toEqual([
      { name: 'nic_hotplug', value: 'true' },
      { name: 'disk_hotplug', value: 'true' },
    ]);
    expect(osFeaturesFrom('["nic_hotplug", {"name": "user_data", "value": "true"}]')).toEqual([
      { name: 'nic_hotplug', value: null },
      { name: 'user_data', value: 'true' },
    ]);
    expect(osFeaturesFrom('{not json')).toBeNull();
    expect(osFeaturesFrom('42')).toBeNull();
    expect(osFeaturesFrom('[1, 2]')).toBeNull();
    expect(mapImsImage({ id: 'x', __os_feature_list: '{oops' }, WHERE).osFeatureList).toBeNull();
  });

  it('derives the architecture by the documented rule', () => {
    const arch = (props: Record<string, unknown>) => imsArchitecture({ id: 'x', ...props });
    expect(arch({ __support_arm: 'true', __os_bit: '64' })).toBe('AARCH64');
    expect(arch({ __support_arm: 'True', __support_amd: 'true' })).toBe('AARCH64');
    expect(arch({ __support_arm: 'false', __os_bit: '64' })).toBe('X86_64');
    expect(arch({ __support_amd: 'true' })).toBe('X86_64');
    expect(arch({ __support_arm: 'false', __os_bit: '32' })).toBeNull();
    expect(arch({ architecture: 'aarch64' })).toBe('AARCH64');
    expect(arch({ architecture: 'x86_64' })).toBe('X86_64');
    expect(arch({ __os_bit: '64' })).toBeNull();
    expect(arch({})).toBeNull();
  });
});

describe('IMS list filters', () => {
  it('pushes down what Glance can filter', () => {
    expect(pushDown({})).toEqual({});
    expect(pushDown({ statuses: ['ACTIVE'] })).toEqual({ status: 'active' });
    expect(pushDown({ statuses: ['CREATING', 'FAILED'] })).toEqual({ status: 'in:saving,uploading,importing,killed' });
    expect(pushDown({ statuses: ['ACTIVE', 'UNKNOWN'] })).toEqual({});
    expect(pushDown({ visibilities: ['PRIVATE'] })).toEqual({ visibility: 'private' });
    expect(pushDown({ visibilities: ['PUBLIC'] })).toEqual({});
    expect(pushDown({ visibilities: ['PRIVATE', 'SHARED'] })).toEqual({});
    expect(pushDown({ createdAfter: new Date('2024-01-01T00:00:00Z') })).toEqual({
      created_at: 'gt:2024-01-01T00:00:00Z',
    });
    expect(pushDown({ createdBefore: new Date('2024-01-01T00:00:00.5Z') })).toEqual({
      created_at: 'lt:2024-01-01T00:00:00.500Z',
    });
  });

  it('applies the whole filter in the gateway', () => {
    const image = mapImsImage({ ...DOC_EXAMPLE, __support_arm: 'false' }, WHERE);
    expect(
      matches(image, {
        nameContains: 'VIVADO',
        architectures: ['X86_64'],
        statuses: ['ACTIVE'],
        visibilities: ['PUBLIC'],
      }),
    ).toBe(true);
    expect(matches(image, { architectures: ['AARCH64'] })).toBe(false);
    expect(matches(image, { nameContains: 'ubuntu' })).toBe(false);
    expect(matches(image, { createdAfter: new Date('2018-09-06T14:03:27Z') })).toBe(false);
    expect(matches(image, { createdBefore: new Date('2018-09-06T14:03:28Z') })).toBe(true);
  });
});

describe('the properties bag', () => {
  it('keeps a property an upstream names __proto__ as a property, not as the bag’s prototype', () => {
    const wire = JSON.parse(
      '{"id":"1","status":"active","__proto__":{"polluted":true},"hw_disk_bus":"virtio"}',
    ) as ImsImageWire;
    const { properties } = mapImsImage(wire, { region: 'r', projectId: 'p' });
    expect(Object.keys(properties)).toEqual(['__proto__', 'hw_disk_bus']);
    expect((properties as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(properties))).toEqual(
      JSON.parse('{"__proto__":{"polluted":true},"hw_disk_bus":"virtio"}'),
    );
  });
});
