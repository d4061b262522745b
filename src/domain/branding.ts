// Branding on Evenpay's hosted pages: a merchant's colour and logo (its partner's when it has
// none), with "Powered by Evenpay" beneath. Everything is checked before it is kept, because it
// ends up on pages consumers trust: a colour white text stays readable on (WCAG AA, 4.5:1); a
// logo URL on the merchant's own website; an uploaded logo that is, by its bytes, the PNG or
// JPEG it says it is, at most 64 KB (served back by Evenpay with that type only, never SVG).
import type { MerchantRow, PartnerRow } from '../data/models/index.js';
import { AppError } from '../kernel/errors.js';
import type { WriteContext } from './context.js';
import { sniff } from './file-types.js';
import { newId } from './ids.js';

export const MAX_LOGO_BYTES = 64 * 1024;

export interface BrandingInput {
  primaryColor?: string | null | undefined;
  logoUrl?: string | null | undefined;
  logo?: { contentType: 'image/png' | 'image/jpeg'; data: string } | undefined;
}

/** How a page shows a brand: its name, colour and logo (a URL the page may load), if any. */
export interface Brand {
  name: string;
  color: string | null;
  logoSrc: string | null;
}

function refuse(pointer: string, detail: string, message: string): AppError {
  return new AppError('invalid_request', message, { errors: [{ pointer, detail }] });
}

/** WCAG relative luminance of `#RRGGBB`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const channel = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The contrast ratio of white text on the colour. */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

function assertColor(color: string, pointer: string): void {
  const ratio = contrastWithWhite(color);
  if (ratio < 4.5) {
    throw refuse(
      pointer,
      `white text on it has a contrast of ${ratio.toFixed(2)}:1; at least 4.5:1 is needed`,
      `${color} is too light for the white text of the hosted pages' buttons: choose a darker shade (contrast ${ratio.toFixed(2)}:1, at least 4.5:1 needed).`,
    );
  }
}

function hostOf(url: string | null): string | undefined {
  return url && URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, '') : undefined;
}

function assertOnWebsite(logoUrl: string, website: string | null, pointer: string): void {
  const site = hostOf(website);
  const host = new URL(logoUrl).hostname;
  if (!site)
    throw refuse(pointer, 'needs the merchant’s website first', 'A logo URL must be on the merchant’s website: set website first, or upload the logo instead.');
  if (new URL(logoUrl).protocol !== 'https:' || (host !== site && !host.endsWith(`.${site}`))) {
    throw refuse(
      pointer,
      `must be an https:// URL on ${site}`,
      `The logo URL must be on the merchant's website (${site}, or a subdomain of it), over https; or upload the logo instead.`,
    );
  }
}

/** Checks and applies branding to the merchant (saved by the caller); an uploaded logo is stored. */
export async function applyBranding(context: WriteContext, merchant: MerchantRow, input: BrandingInput, pointer = '/branding'): Promise<void> {
  if (input.logo !== undefined && input.logoUrl !== undefined && input.logoUrl !== null) {
    throw refuse(`${pointer}/logo`, 'cannot be sent with logo_url', 'Send the logo either as logo_url or as an upload (logo), not both.');
  }
  if (input.primaryColor !== undefined) {
    if (input.primaryColor !== null) assertColor(input.primaryColor, `${pointer}/primary_color`);
    merchant.brandColor = input.primaryColor;
  }
  if (input.logoUrl !== undefined) {
    if (input.logoUrl !== null) assertOnWebsite(input.logoUrl, merchant.website, `${pointer}/logo_url`);
    merchant.logoUrl = input.logoUrl;
    merchant.logoAssetId = null;
  }
  if (input.logo !== undefined) {
    const bytes = Buffer.from(input.logo.data, 'base64');
    if (bytes.length > MAX_LOGO_BYTES) {
      throw refuse(
        `${pointer}/logo/data`,
        `is ${bytes.length} bytes; at most ${MAX_LOGO_BYTES}`,
        `The logo is ${bytes.length} bytes: upload one of at most 64 KB.`,
      );
    }
    const actual = sniff(bytes);
    if (actual !== input.logo.contentType) {
      throw refuse(
        `${pointer}/logo/data`,
        `is not a ${input.logo.contentType} image${actual ? ` (it is ${actual})` : ''}`,
        `The uploaded logo is not the ${input.logo.contentType} image content_type says${actual ? `: it is ${actual}` : ''}. Upload a PNG or JPEG image.`,
      );
    }
    const asset = await context.models.BrandAsset.create(
      { id: newId('img'), contentType: actual, data: bytes.toString('base64'), createdAt: context.clock.now() },
      { transaction: context.transaction },
    );
    merchant.logoAssetId = asset.id;
    merchant.logoUrl = null;
  }
}

/** An operator sets a partner's branding: a readable colour, an https logo URL. */
export async function setPartnerBranding(
  { models, transaction }: WriteContext,
  { partnerId, primaryColor, logoUrl }: { partnerId: string; primaryColor?: string; logoUrl?: string },
): Promise<PartnerRow> {
  const partner = await models.Partner.findByPk(partnerId, { transaction });
  if (!partner) throw new AppError('resource_not_found', `No partner ${partnerId} exists.`);
  if (primaryColor !== undefined) {
    if (!/^#[0-9A-Fa-f]{6}$/.test(primaryColor)) throw refuse('/primary_color', 'must be #RRGGBB', `${primaryColor} is not a colour: write it as #RRGGBB.`);
    assertColor(primaryColor, '/primary_color');
    partner.brandColor = primaryColor;
  }
  if (logoUrl !== undefined) {
    if (!URL.canParse(logoUrl) || new URL(logoUrl).protocol !== 'https:')
      throw refuse('/logo_url', 'must be an https:// URL', 'The logo URL must be an https:// URL.');
    partner.logoUrl = logoUrl;
  }
  await partner.save({ transaction });
  return partner;
}

/** Where an uploaded logo is served from (GET /brand-assets/{id}). */
export function brandAssetUrl(publicBaseUrl: string, assetId: string): string {
  return `${publicBaseUrl}/brand-assets/${assetId}`;
}

/** The merchant's logo as a URL, if it has one. */
export function merchantLogoUrl(merchant: Pick<MerchantRow, 'logoUrl' | 'logoAssetId'>, publicBaseUrl: string): string | null {
  return merchant.logoUrl ?? (merchant.logoAssetId ? brandAssetUrl(publicBaseUrl, merchant.logoAssetId) : null);
}

/** The brand a consumer sees for a merchant: its own colour and logo, else its partner's. */
export function merchantBrand(merchant: MerchantRow, partner: PartnerRow | null, publicBaseUrl: string): Brand {
  const logo = merchantLogoUrl(merchant, publicBaseUrl);
  return {
    name: merchant.name,
    color: merchant.brandColor ?? partner?.brandColor ?? null,
    logoSrc: logo ?? partner?.logoUrl ?? null,
  };
}

/** The brand a merchant's representative sees while onboarding: the partner's. */
export function partnerBrand(partner: PartnerRow | null): Brand | undefined {
  return partner ? { name: partner.name, color: partner.brandColor ?? null, logoSrc: partner.logoUrl ?? null } : undefined;
}
