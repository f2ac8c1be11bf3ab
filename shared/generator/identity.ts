import { countries, emailDomains, firstNames, lastNames, type Country } from './catalogue/people.ts';
import type { SeededRandom } from './random.ts';

/** The personal fields of a lead: fake, plausible, and never touched by the maintenance system. */
export interface Identity {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
  readonly country: Country;
}

/** ASCII local part of an e-mail address ("Jürgen O'Brien" -> "jurgen", "obrien"). */
function asciiLower(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function emailFor(random: SeededRandom, firstName: string, lastName: string): string {
  const first = asciiLower(firstName);
  const last = asciiLower(lastName);
  const local = random.pick([
    `${first}.${last}`,
    `${first}${last}${random.int(1, 99)}`,
    `${first.charAt(0)}.${last}${random.int(1960, 2004)}`,
    `${first}_${last}`,
    `${last}.${first}${random.int(1, 9)}`,
  ]);
  return `${local}@${random.weighted(emailDomains)}`;
}

function phoneFor(random: SeededRandom, country: Country): string {
  const national = country.mobile.replace(/#/g, () => String(random.int(0, 9)));
  return `${country.dialCode} ${national}`;
}

/** A person from a weighted country, named in that country's language area. */
export function generateIdentity(random: SeededRandom): Identity {
  const country = random.weighted(countries.map((entry) => [entry, entry.weight] as const));
  const firstName = random.pick(firstNames[country.names]);
  const lastName = random.pick(lastNames[country.names]);
  return {
    firstName,
    lastName,
    email: emailFor(random, firstName, lastName),
    phone: phoneFor(random, country),
    country,
  };
}
