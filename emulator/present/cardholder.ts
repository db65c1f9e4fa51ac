import type { CardholderRecord } from '../ports/records.js';
import type { Schemas } from './schemas.js';

export function presentCardholder(record: CardholderRecord): Schemas['Cardholder'] {
  return {
    id: record.id,
    first_name: record.first_name,
    middle_name: record.middle_name,
    last_name: record.last_name,
    second_last_name: record.second_last_name,
    birthdate: record.birthdate,
    email: record.email,
    phone_number: record.phone_number,
    nationality: record.nationality,
    document: record.document,
    address: record.address,
  };
}
