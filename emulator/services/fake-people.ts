import { faker } from '@faker-js/faker/locale/es';
import type { CardholderInput } from '../domain/cardholders.js';

/** Colombian cities with their department and a postal code, for realistic addresses. */
export const CITIES = [
  { city: 'Bogotá', state: 'Bogotá D.C.', zip: '110221' },
  { city: 'Medellín', state: 'Antioquia', zip: '050021' },
  { city: 'Cali', state: 'Valle del Cauca', zip: '760042' },
  { city: 'Barranquilla', state: 'Atlántico', zip: '080020' },
  { city: 'Cartagena', state: 'Bolívar', zip: '130001' },
  { city: 'Bucaramanga', state: 'Santander', zip: '680003' },
] as const;

/** "María Teresa" -> "maria-teresa": Mono's email pattern takes ASCII only. */
export const asciiSlug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[^A-Za-z ]/g, '')
    .trim()
    .toLowerCase()
    .replace(/ +/g, '-');

/**
 * Cardholders a demo can create as they are: Colombian adults with a CC document, an address in a
 * Colombian city, an `@example.com` email and a `+573…` phone, the same ones for the same seed.
 * Document numbers start with 1–8, so none is a magic number of the Visa step (README:
 * Tokenization outcomes); birthdates lie between 1950 and 2004, valid whatever today is.
 */
export function fakeCardholders(seed: number, count: number): CardholderInput[] {
  faker.seed(seed);
  return Array.from({ length: count }, () => {
    const place = faker.helpers.arrayElement(CITIES);
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const birthdate = `${faker.number.int({ min: 1950, max: 2004 })}-${String(faker.number.int({ min: 1, max: 12 })).padStart(2, '0')}-${String(faker.number.int({ min: 1, max: 28 })).padStart(2, '0')}`;
    return {
      first_name: firstName,
      last_name: lastName,
      birthdate,
      email: `${asciiSlug(firstName)}.${asciiSlug(lastName)}@example.com`,
      phone_number: `+573${faker.string.numeric(9)}`,
      nationality: 'CO',
      document: { type: 'CC', number: `${faker.number.int({ min: 1, max: 8 })}${faker.string.numeric(9)}` },
      address: {
        line_1: `Carrera ${faker.number.int({ min: 1, max: 120 })} # ${faker.number.int({ min: 1, max: 99 })}-${faker.number.int({ min: 1, max: 99 })}`,
        city: place.city,
        state: place.state,
        zip_code: place.zip,
        country: 'CO',
      },
    };
  });
}
