fn main() {
    println!("ledgerly");
}
